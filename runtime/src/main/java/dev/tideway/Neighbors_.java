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
import java.util.List;

/**
 * The companion of {@link Neighbors}, written by hand as the processor would write it (the runtime is
 * not compiled with the processor): its columns and schema.
 */
public final class Neighbors_ {
    private Neighbors_() {}

    private static final ValueType<Long> NULLABLE_LONG = ValueTypes.nullable(ValueTypes.LONG);

    /** The schema of {@link Neighbors} rows. */
    public static final RowSchema<Neighbors> SCHEMA = new Descriptor();

    /** The key of the row. */
    public static final Column<Neighbors, Long> key = new Column<>(Neighbors.class, 0, "key", ValueTypes.LONG, Neighbors::key);

    /** The key of the row before, or null. */
    public static final Column<Neighbors, Long> prev = new Column<>(Neighbors.class, 1, "prev", NULLABLE_LONG, Neighbors::prev);

    /** The key of the row after, or null. */
    public static final Column<Neighbors, Long> next = new Column<>(Neighbors.class, 2, "next", NULLABLE_LONG, Neighbors::next);

    /** A row of {@link Neighbors} from one expression per field. */
    public static Projection<Neighbors> of(Expr<Long> key, Expr<Long> prev, Expr<Long> next) {
        return new Projection<>(SCHEMA, List.of(key, prev, next));
    }

    private static final class Descriptor extends RowSchema<Neighbors> {
        Descriptor() {
            super(Neighbors.class, "Neighbors", List.of(
                    new FieldDescriptor(0, "key", "key", ValueTypes.LONG, false),
                    new FieldDescriptor(1, "prev", "prev", NULLABLE_LONG, false),
                    new FieldDescriptor(2, "next", "next", NULLABLE_LONG, false)));
        }

        @Override
        public void encode(Neighbors row, BinaryWriter out) {
            out.writeLong(row.key());
            NULLABLE_LONG.write(out, row.prev());
            NULLABLE_LONG.write(out, row.next());
        }

        @Override
        public Neighbors decode(BinaryReader in) {
            long key = in.readLong();
            Long prev = NULLABLE_LONG.read(in);
            return new Neighbors(key, prev, NULLABLE_LONG.read(in));
        }

        @Override
        public Object get(Neighbors row, int field) {
            return switch (field) {
                case 0 -> row.key();
                case 1 -> row.prev();
                case 2 -> row.next();
                default -> throw noSuchField(field);
            };
        }

        @Override
        public Neighbors build(Object[] values) {
            return new Neighbors((Long) required(values, 0), (Long) values[1], (Long) values[2]);
        }

        @Override
        public Neighbors readText(TextRow in) {
            int field = 0;
            try {
                long key = ValueTypes.parseLong(in.cell(0));
                field = 1;
                Long prev = parseCell(in, 1, NULLABLE_LONG);
                field = 2;
                return new Neighbors(key, prev, parseCell(in, 2, NULLABLE_LONG));
            } catch (IllegalArgumentException e) {
                throw badTextField(field, e);
            }
        }

        @Override
        public void writeJsonFields(Neighbors row, JsonGenerator out) throws IOException {
            out.writeFieldName("key");
            out.writeNumber(row.key());
            out.writeFieldName("prev");
            NULLABLE_LONG.writeJson(out, row.prev());
            out.writeFieldName("next");
            NULLABLE_LONG.writeJson(out, row.next());
        }

        @Override
        public Neighbors readJson(JsonParser in) throws IOException {
            Long key = null;
            Long prev = null;
            Long next = null;
            while (in.nextToken() == JsonToken.FIELD_NAME) {
                String name = in.currentName();
                in.nextToken();
                try {
                    switch (name) {
                        case "key" -> key = ValueTypes.LONG.readJson(in);
                        case "prev" -> prev = NULLABLE_LONG.readJson(in);
                        case "next" -> next = NULLABLE_LONG.readJson(in);
                        default -> in.skipChildren();
                    }
                } catch (IllegalArgumentException e) {
                    throw badJsonField(name.equals("key") ? 0 : name.equals("prev") ? 1 : 2, e);
                }
            }
            if (key == null) {
                throw missingJsonField(0);
            }
            return new Neighbors(key, prev, next);
        }
    }
}
