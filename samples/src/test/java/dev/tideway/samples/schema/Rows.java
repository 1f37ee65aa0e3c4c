package dev.tideway.samples.schema;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import dev.tideway.schema.BinaryReader;
import dev.tideway.schema.BinaryWriter;
import dev.tideway.schema.RowSchema;
import dev.tideway.schema.TextRow;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** What a connector does with a schema, reduced to what the tests need. */
final class Rows {
    static final JsonFactory JSON = JsonFactory.builder().build();

    private Rows() {}

    static <T> byte[] encode(RowSchema<T> schema, T row) {
        BinaryWriter out = new BinaryWriter();
        schema.encode(row, out);
        return out.toByteArray();
    }

    /** Decodes a whole buffer: trailing bytes are corruption too. */
    static <T> T decode(RowSchema<T> schema, byte[] bytes) {
        BinaryReader in = new BinaryReader(bytes);
        T row = schema.decode(in);
        in.requireEnd();
        return row;
    }

    static <T> byte[] key(RowSchema<T> schema, T row) {
        BinaryWriter out = new BinaryWriter();
        schema.writeKey(row, out);
        return out.toByteArray();
    }

    static <T> String toJson(RowSchema<T> schema, T row) {
        StringWriter text = new StringWriter();
        try (JsonGenerator out = JSON.createGenerator(text)) {
            out.writeStartObject();
            schema.writeJsonFields(row, out);
            out.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    static <T> T fromJson(RowSchema<T> schema, String json) {
        try (JsonParser in = JSON.createParser(json)) {
            in.nextToken();
            return schema.readJson(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The CSV cells of a row, in field order, as a CSV sink writes them. */
    static <T> List<String> toCells(RowSchema<T> schema, T row) {
        List<String> cells = new ArrayList<>();
        for (int i = 0; i < schema.fields().size(); i++) {
            cells.add(schema.formatText(row, i));
        }
        return cells;
    }

    /**
     * A CSV row as the CSV connector hands it to the schema: fields found by external name in the
     * header, in any column order; a column the header lacks is null.
     */
    static <T> T fromCsv(RowSchema<T> schema, List<String> header, List<String> cells) {
        TextRow row = field -> {
            int column = header.indexOf(schema.fields().get(field).externalName());
            return column < 0 ? null : cells.get(column);
        };
        return schema.readText(row);
    }
}
