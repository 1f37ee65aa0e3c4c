package dev.tideway.io.kafka;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.tideway.schema.FieldDescriptor;
import dev.tideway.schema.RowSchema;
import dev.tideway.schema.TextRow;
import dev.tideway.schema.ValueType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Turns a Kafka record's value (JSON or CSV) and, where asked, its metadata into a row of the
 * schema. A record that cannot be read goes to the {@link BadRecords} policy with its topic,
 * partition and offset. Not thread-safe: one per source.
 *
 * @param <T> the row type
 */
final class RecordDecoder<T> {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final RowSchema<T> schema;
    private final KafkaFormat format;
    private final BadRecords badRecords;
    private final CSVFormat csv;
    private final char delimiter;
    /** Per field: the metadata that fills it, or null when the value does. */
    private final KafkaMetadata[] metadata;
    /** The fields the value holds, in order: a CSV value's cells. */
    private final int[] valueFields;
    private final ByteArrayOutputStream rewritten = new ByteArrayOutputStream(256);
    private final CsvCells cells = new CsvCells();

    RecordDecoder(RowSchema<T> schema, KafkaReadOptions options, BadRecords badRecords) {
        this.schema = schema;
        this.format = options.format();
        this.badRecords = badRecords;
        this.delimiter = options.csvDelimiter();
        this.csv = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).get();
        this.metadata = new KafkaMetadata[schema.fields().size()];
        for (Map.Entry<KafkaMetadata, String> column : options.metadataColumns().entrySet()) {
            FieldDescriptor field = schema.fieldByExternalName(column.getValue()).orElseThrow(() -> new IllegalArgumentException(
                    "the Kafka source fills the field \"" + column.getValue() + "\" with the record's " + column.getKey()
                            + ", but " + schema.name() + " has no such field; its fields are " + externalNames(schema)));
            checkType(column.getKey(), field);
            metadata[field.index()] = column.getKey();
        }
        List<Integer> fromValue = new ArrayList<>();
        for (int i = 0; i < metadata.length; i++) {
            if (metadata[i] == null) {
                fromValue.add(i);
            }
        }
        this.valueFields = fromValue.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The record's row, or null when it is bad and skipped (under STOP, {@link BadRecords} throws). */
    T decode(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            badRecords.handle(new BadKafkaRecord(record.topic(), record.partition(), record.offset(), null, null,
                    "the record has no value (a tombstone), which only upsert mode reads"));
            return null;
        }
        return format == KafkaFormat.JSON ? decodeJson(record) : decodeCsv(record);
    }

    private T decodeJson(ConsumerRecord<byte[], byte[]> record) {
        byte[] value = record.value();
        JsonParser parser = null;
        try {
            parser = JSON.createParser(valueWithMetadata(record));
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return bad(record, null, "expected a JSON object ({...})");
            }
            T row;
            try {
                row = schema.readJson(parser);
            } catch (IllegalArgumentException e) {
                return bad(record, parser.currentName(), e.getMessage());
            }
            if (parser.nextToken() != null) {
                return bad(record, null, "unexpected text after the JSON object; write one object a record");
            }
            return row;
        } catch (JsonProcessingException e) {
            return bad(record, null, "invalid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            closeQuietly(parser);
        }
    }

    /** The value itself, or, with metadata columns, the value's object with those fields replaced. */
    private byte[] valueWithMetadata(ConsumerRecord<byte[], byte[]> record) throws IOException {
        if (valueFields.length == metadata.length) {
            return record.value();
        }
        rewritten.reset();
        try (JsonParser in = JSON.createParser(record.value()); JsonGenerator out = JSON.createGenerator(rewritten)) {
            if (in.nextToken() != JsonToken.START_OBJECT) {
                return record.value();   // reported as not an object by the caller
            }
            out.writeStartObject();
            while (in.nextToken() == JsonToken.FIELD_NAME) {
                String name = in.currentName();
                in.nextToken();
                boolean filled = schema.fieldByExternalName(name).map(field -> metadata[field.index()] != null).orElse(false);
                if (filled) {
                    in.skipChildren();
                } else {
                    out.writeFieldName(name);
                    out.copyCurrentStructure(in);
                }
            }
            for (int i = 0; i < metadata.length; i++) {
                if (metadata[i] != null) {
                    @SuppressWarnings("unchecked")
                    ValueType<Object> type = (ValueType<Object>) schema.fields().get(i).type();
                    out.writeFieldName(schema.fields().get(i).externalName());
                    String text = metadataText(metadata[i], record, type);
                    Object value = text == null ? type.absent() : type.parseText(text);
                    if (value == null) {
                        out.writeNull();
                    } else {
                        type.writeJson(out, value);
                    }
                }
            }
            out.writeEndObject();
        }
        return rewritten.toByteArray();
    }

    private T decodeCsv(ConsumerRecord<byte[], byte[]> record) {
        String text = new String(record.value(), StandardCharsets.UTF_8);
        String[] values = split(text);
        if (values == null) {
            return bad(record, null, "cannot parse it as one CSV line (check the quoting: a quote inside a quoted cell is written twice)");
        }
        if (values.length != valueFields.length) {
            return bad(record, null, "expected " + valueFields.length + " cells (" + valueNames() + "), found " + values.length);
        }
        cells.record = record;
        cells.values = values;
        try {
            return schema.readText(cells);
        } catch (IllegalArgumentException e) {
            return bad(record, null, e.getMessage());
        }
    }

    /** The cells of one CSV line; a line without quotes is split at once, without the CSV parser. */
    private String[] split(String text) {
        if (text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
            List<String> parts = new ArrayList<>(valueFields.length);
            int start = 0;
            for (int i = text.indexOf(delimiter); i >= 0; i = text.indexOf(delimiter, start)) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
            parts.add(text.substring(start));
            return parts.toArray(String[]::new);
        }
        try (CSVParser parser = CSVParser.parse(new StringReader(text), csv)) {
            Iterator<CSVRecord> records = parser.iterator();
            if (!records.hasNext()) {
                return new String[] {""};
            }
            CSVRecord line = records.next();
            return records.hasNext() ? null : line.values();
        } catch (IOException | UncheckedIOException e) {
            return null;
        }
    }

    /** The cells of the current CSV record, metadata included, by field index. */
    private final class CsvCells implements TextRow {
        ConsumerRecord<byte[], byte[]> record;
        String[] values;

        @Override
        public String cell(int field) {
            if (metadata[field] != null) {
                String text = metadataText(metadata[field], record, schema.fields().get(field).type());
                return text == null ? "" : text;
            }
            for (int i = 0; i < valueFields.length; i++) {
                if (valueFields[i] == field) {
                    return values[i];
                }
            }
            return null;
        }
    }

    private static String metadataText(KafkaMetadata metadata, ConsumerRecord<byte[], byte[]> record, ValueType<?> type) {
        return switch (metadata) {
            case TOPIC -> record.topic();
            case PARTITION -> Integer.toString(record.partition());
            case OFFSET -> Long.toString(record.offset());
            case TIMESTAMP -> type.descriptor().contains("instant") ? Instant.ofEpochMilli(record.timestamp()).toString()
                    : Long.toString(record.timestamp());
            case KEY -> record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        };
    }

    private static void checkType(KafkaMetadata metadata, FieldDescriptor field) {
        String type = field.type().descriptor();
        boolean fits = switch (metadata) {
            case TOPIC, KEY -> type.contains("string");
            case PARTITION, OFFSET -> type.contains("int") || type.contains("long");
            case TIMESTAMP -> type.contains("long") || type.contains("instant");
        };
        if (!fits) {
            throw new IllegalArgumentException("the field \"" + field.externalName() + "\" is a " + type + ", which cannot hold the"
                    + " record's " + metadata + "; use " + switch (metadata) {
                        case TOPIC, KEY -> "a String";
                        case PARTITION, OFFSET -> "an int or a long";
                        case TIMESTAMP -> "a long (milliseconds) or an Instant";
                    });
        }
    }

    private String valueNames() {
        List<String> names = new ArrayList<>();
        for (int field : valueFields) {
            names.add(schema.fields().get(field).externalName());
        }
        return String.join(", ", names);
    }

    private static String externalNames(RowSchema<?> schema) {
        return schema.fields().stream().map(FieldDescriptor::externalName).toList().toString();
    }

    private T bad(ConsumerRecord<byte[], byte[]> record, String field, String problem) {
        badRecords.handle(new BadKafkaRecord(record.topic(), record.partition(), record.offset(), field,
                new String(record.value(), StandardCharsets.UTF_8), problem));
        return null;
    }

    private static void closeQuietly(JsonParser parser) {
        if (parser != null) {
            try {
                parser.close();
            } catch (IOException e) {
                // a parser over a byte array holds nothing open
            }
        }
    }
}
