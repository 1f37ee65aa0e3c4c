package demo;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.tideway.Column;
import dev.tideway.Expr;
import dev.tideway.Projection;
import dev.tideway.annotations.TidewayGenerated;
import dev.tideway.schema.BinaryReader;
import dev.tideway.schema.BinaryWriter;
import dev.tideway.schema.FieldDescriptor;
import dev.tideway.schema.RowSchema;
import dev.tideway.schema.TextRow;
import dev.tideway.schema.ValueTypes;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import javax.annotation.processing.Generated;

/**
 * The Tideway companion of {@link WordCount}: typed columns, the schema {@link #SCHEMA} (binary codec,
 * CSV and JSON mappings) and {@link #of} to build rows from expressions.
 */
@Generated("dev.tideway.processor.TidewayProcessor")
@TidewayGenerated
public final class WordCount_ {
    /**
     * The schema of {@link WordCount} rows: fields, fingerprint, codec and mappings.
     */
    public static final RowSchema<WordCount> SCHEMA = new Descriptor();

    public static final Column<WordCount, String> word = new Column<>(WordCount.class, 0, "word", ValueTypes.STRING, WordCount::word);

    public static final Column<WordCount, Long> count = new Column<>(WordCount.class, 1, "count", ValueTypes.LONG, WordCount::count);

    private WordCount_() {
    }

    /**
     * A row of {@link WordCount} built from one expression per field, checked by javac.
     */
    public static Projection<WordCount> of(Expr<String> word, Expr<Long> count) {
        return new Projection<>(SCHEMA, List.of(word, count));
    }

    /**
     * Every column of {@link WordCount} as it is: change some with {@code .with(column, expr)} and select it to keep
     * the others unchanged.
     */
    public static Projection<WordCount> columns() {
        return new Projection<>(SCHEMA, List.of(word, count));
    }

    private static final class Descriptor extends RowSchema<WordCount> {
        Descriptor() {
            super(WordCount.class, "WordCount", List.of(
                    new FieldDescriptor(0, "word", "word", ValueTypes.STRING, false),
                    new FieldDescriptor(1, "count", "count", ValueTypes.LONG, false)));
        }

        @Override
        public void encode(WordCount row, BinaryWriter out) {
            ValueTypes.STRING.write(out, Objects.requireNonNull(row.word(), "WordCount.word is required, but the row has null"));
            out.writeLong(row.count());
        }

        @Override
        public WordCount decode(BinaryReader in) {
            String word = ValueTypes.STRING.read(in);
            long count = in.readLong();
            return new WordCount(word, count);
        }

        @Override
        public Object get(WordCount row, int field) {
            return switch (field) {
                case 0 -> row.word();
                case 1 -> row.count();
                default -> throw noSuchField(field);
            };
        }

        @Override
        public WordCount build(Object[] values) {
            return new WordCount(
                    (String) required(values, 0),
                    (Long) required(values, 1));
        }

        @Override
        public WordCount readText(TextRow in) {
            String word;
            long count;
            int field = 0;
            try {
                word = parseCell(in, 0, ValueTypes.STRING);
                field = 1;
                count = ValueTypes.parseLong(in.cell(1));
            } catch (IllegalArgumentException e) {
                throw badTextField(field, e);
            }
            return new WordCount(word, count);
        }

        @Override
        public void writeJsonFields(WordCount row, JsonGenerator out) throws IOException {
            out.writeFieldName("word");
            ValueTypes.STRING.writeJson(out, row.word());
            out.writeFieldName("count");
            out.writeNumber(row.count());
        }

        @Override
        public WordCount readJson(JsonParser in) throws IOException {
            if (in.currentToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("expected a JSON object for WordCount, found " + in.currentToken());
            }
            String word = null;
            long count = 0L;
            boolean countSeen = false;
            while (in.nextToken() == JsonToken.FIELD_NAME) {
                String name = in.currentName();
                in.nextToken();
                switch (name) {
                    case "word" -> {
                        try {
                            word = ValueTypes.STRING.readJson(in);
                        } catch (IllegalArgumentException e) {
                            throw badJsonField(0, e);
                        }
                    }
                    case "count" -> {
                        try {
                            count = ValueTypes.LONG.readJson(in);
                        } catch (IllegalArgumentException e) {
                            throw badJsonField(1, e);
                        }
                        countSeen = true;
                    }
                    default -> in.skipChildren();
                }
            }
            if (in.currentToken() != JsonToken.END_OBJECT) {
                throw new IllegalArgumentException("unterminated JSON object for WordCount");
            }
            if (word == null) {
                throw missingJsonField(0);
            }
            if (!countSeen) {
                throw missingJsonField(1);
            }
            return new WordCount(word, count);
        }
    }
}
