package dev.tideway;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.tideway.schema.BinaryReader;
import dev.tideway.schema.BinaryWriter;
import dev.tideway.schema.FieldDescriptor;
import dev.tideway.schema.RowSchema;
import dev.tideway.schema.TextRow;
import dev.tideway.schema.ValueType;
import dev.tideway.schema.ValueTypes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A row of the error log ({@link Tideway#errorLog()}): a row that an operator withheld from its
 * result because user code failed on it, or because it clashed with another row's key, in a run
 * configured with {@link RunConfig#withTerminateOnError(boolean) withTerminateOnError(false)}. As
 * Pathway's global error log, it is a table like the others: write it to any sink.
 *
 * <pre>{@code
 * JsonLines.write(Tideway.errorLog(), Path.of("errors.jsonl"));
 * // {"operator":"select#3","operatorName":null,"error":"java.lang.ArithmeticException: / by zero",
 * //  "key":"00000000075bcd15","row":"Price[sku=pen, amount=0]","origin":"source \"prices\", /data/a.csv, line 3",
 * //  "failedAt":1732610000123,"time":1732610000123,"diff":1}
 * }</pre>
 *
 * <p>Its schema is written by hand, as the annotation processor would write an
 * {@code ErrorLogEntry_} companion, because the runtime is not compiled with the processor.
 *
 * @param operator the operator that withheld the row, such as {@code select#3}
 * @param operatorName the name given to the operator with {@code named(...)}, or null
 * @param error what went wrong: the user code's exception ({@code toString()}), or the key clash
 * @param key the row's key, 16 hexadecimal digits
 * @param row the row's values as text (shortened past 500 characters), or what stands for it (a group's
 *     key values)
 * @param origin where the row came from (source id, file, line), or null when it cannot be told or
 *     was not looked for (past 100 errors in a batch)
 * @param failedAt the logical time of the batch that met the error: the wall-clock time of its commit,
 *     in epoch milliseconds, as the sinks' {@code time} column
 */
public record ErrorLogEntry(String operator, String operatorName, String error, String key, String row, String origin,
                            long failedAt) {
    private static final ValueType<String> OPTIONAL_STRING = ValueTypes.nullable(ValueTypes.STRING);

    /** The schema of error log rows. */
    public static final RowSchema<ErrorLogEntry> SCHEMA = new Schema();

    public static final Column<ErrorLogEntry, String> OPERATOR =
            new Column<>(ErrorLogEntry.class, 0, "operator", ValueTypes.STRING, ErrorLogEntry::operator);
    public static final Column<ErrorLogEntry, String> OPERATOR_NAME =
            new Column<>(ErrorLogEntry.class, 1, "operatorName", OPTIONAL_STRING, ErrorLogEntry::operatorName);
    public static final Column<ErrorLogEntry, String> ERROR =
            new Column<>(ErrorLogEntry.class, 2, "error", ValueTypes.STRING, ErrorLogEntry::error);
    public static final Column<ErrorLogEntry, String> KEY =
            new Column<>(ErrorLogEntry.class, 3, "key", ValueTypes.STRING, ErrorLogEntry::key);
    public static final Column<ErrorLogEntry, String> ROW =
            new Column<>(ErrorLogEntry.class, 4, "row", ValueTypes.STRING, ErrorLogEntry::row);
    public static final Column<ErrorLogEntry, String> ORIGIN =
            new Column<>(ErrorLogEntry.class, 5, "origin", OPTIONAL_STRING, ErrorLogEntry::origin);
    public static final Column<ErrorLogEntry, Long> FAILED_AT =
            new Column<>(ErrorLogEntry.class, 6, "failedAt", ValueTypes.LONG, ErrorLogEntry::failedAt);

    public ErrorLogEntry {
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(row, "row");
    }

    private static final class Schema extends RowSchema<ErrorLogEntry> {
        private static final int FIELDS = 7;

        Schema() {
            super(ErrorLogEntry.class, "ErrorLogEntry", List.of(
                    new FieldDescriptor(0, "operator", "operator", ValueTypes.STRING, false),
                    new FieldDescriptor(1, "operatorName", "operatorName", OPTIONAL_STRING, false),
                    new FieldDescriptor(2, "error", "error", ValueTypes.STRING, false),
                    new FieldDescriptor(3, "key", "key", ValueTypes.STRING, false),
                    new FieldDescriptor(4, "row", "row", ValueTypes.STRING, false),
                    new FieldDescriptor(5, "origin", "origin", OPTIONAL_STRING, false),
                    new FieldDescriptor(6, "failedAt", "failedAt", ValueTypes.LONG, false)));
        }

        @SuppressWarnings("unchecked")
        private ValueType<Object> typeOf(int field) {
            return (ValueType<Object>) fields().get(field).type();
        }

        @Override
        public void encode(ErrorLogEntry row, BinaryWriter out) {
            for (int f = 0; f < FIELDS; f++) {
                typeOf(f).write(out, get(row, f));
            }
        }

        @Override
        public ErrorLogEntry decode(BinaryReader in) {
            Object[] values = new Object[FIELDS];
            for (int f = 0; f < FIELDS; f++) {
                values[f] = typeOf(f).read(in);
            }
            return build(values);
        }

        @Override
        public Object get(ErrorLogEntry row, int field) {
            return switch (field) {
                case 0 -> row.operator();
                case 1 -> row.operatorName();
                case 2 -> row.error();
                case 3 -> row.key();
                case 4 -> row.row();
                case 5 -> row.origin();
                case 6 -> row.failedAt();
                default -> throw noSuchField(field);
            };
        }

        @Override
        public ErrorLogEntry build(Object[] values) {
            return new ErrorLogEntry((String) required(values, 0), (String) values[1], (String) required(values, 2),
                    (String) required(values, 3), (String) required(values, 4), (String) values[5], (Long) required(values, 6));
        }

        @Override
        public ErrorLogEntry readText(TextRow in) {
            Object[] values = new Object[FIELDS];
            int field = 0;
            try {
                for (; field < FIELDS; field++) {
                    values[field] = parseCell(in, field, typeOf(field));
                }
            } catch (IllegalArgumentException e) {
                throw badTextField(field, e);
            }
            return build(values);
        }

        @Override
        public void writeJsonFields(ErrorLogEntry row, JsonGenerator out) throws IOException {
            for (int f = 0; f < FIELDS; f++) {
                out.writeFieldName(fields().get(f).externalName());
                typeOf(f).writeJson(out, get(row, f));
            }
        }

        @Override
        public ErrorLogEntry readJson(JsonParser in) throws IOException {
            if (in.currentToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("expected a JSON object for ErrorLogEntry, found " + in.currentToken());
            }
            Object[] values = new Object[FIELDS];
            List<Integer> seen = new ArrayList<>();
            while (in.nextToken() == JsonToken.FIELD_NAME) {
                String name = in.currentName();
                in.nextToken();
                FieldDescriptor field = fieldByExternalName(name).orElse(null);
                if (field == null) {
                    in.skipChildren();
                    continue;
                }
                try {
                    values[field.index()] = typeOf(field.index()).readJson(in);
                } catch (IllegalArgumentException e) {
                    throw badJsonField(field.index(), e);
                }
                seen.add(field.index());
            }
            for (int f = 0; f < FIELDS; f++) {
                if (!fields().get(f).nullable() && !seen.contains(f)) {
                    throw missingJsonField(f);
                }
            }
            return build(values);
        }
    }
}
