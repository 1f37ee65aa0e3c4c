package dev.tideway.io.text;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.tideway.Column;
import dev.tideway.schema.BinaryReader;
import dev.tideway.schema.BinaryWriter;
import dev.tideway.schema.FieldDescriptor;
import dev.tideway.schema.RowSchema;
import dev.tideway.schema.TextRow;
import dev.tideway.schema.ValueTypes;
import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * One line of a text file, without its line break: the rows of {@link Text#read}.
 *
 * <pre>{@code
 * Table<TextLine> lines = Text.read(Path.of("logs/"));
 * String text = TextLine.DATA.get(new TextLine("hello"));   // "hello"
 * }</pre>
 *
 * <p>Its schema is written by hand, as the annotation processor would write a {@code TextLine_}
 * companion, because the runtime is not compiled with the processor.
 *
 * @param data the line's text
 */
public record TextLine(String data) {
    /** The schema of text lines: one string field, {@code data}. */
    public static final RowSchema<TextLine> SCHEMA = new Schema();

    /** The line's text. */
    public static final Column<TextLine, String> DATA = new Column<>(TextLine.class, 0, "data", ValueTypes.STRING, TextLine::data);

    public TextLine {
        Objects.requireNonNull(data, "data");
    }

    private static final class Schema extends RowSchema<TextLine> {
        Schema() {
            super(TextLine.class, "TextLine", List.of(new FieldDescriptor(0, "data", "data", ValueTypes.STRING, false)));
        }

        @Override
        public void encode(TextLine row, BinaryWriter out) {
            out.writeString(row.data());
        }

        @Override
        public TextLine decode(BinaryReader in) {
            return new TextLine(in.readString());
        }

        @Override
        public Object get(TextLine row, int field) {
            if (field == 0) {
                return row.data();
            }
            throw noSuchField(field);
        }

        @Override
        public TextLine build(Object[] values) {
            return new TextLine((String) required(values, 0));
        }

        @Override
        public TextLine readText(TextRow in) {
            return new TextLine(parseCell(in, 0, ValueTypes.STRING));
        }

        @Override
        public void writeJsonFields(TextLine row, JsonGenerator out) throws IOException {
            out.writeFieldName("data");
            ValueTypes.STRING.writeJson(out, row.data());
        }

        @Override
        public TextLine readJson(JsonParser in) throws IOException {
            String data = null;
            while (in.nextToken() == JsonToken.FIELD_NAME) {
                String name = in.currentName();
                in.nextToken();
                if (name.equals("data")) {
                    try {
                        data = ValueTypes.STRING.readJson(in);
                    } catch (IllegalArgumentException e) {
                        throw badJsonField(0, e);
                    }
                } else {
                    in.skipChildren();
                }
            }
            if (data == null) {
                throw missingJsonField(0);
            }
            return new TextLine(data);
        }
    }
}
