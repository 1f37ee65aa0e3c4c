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
import dev.tideway.schema.ValueType;
import dev.tideway.schema.ValueTypes;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.annotation.processing.Generated;

/**
 * The Tideway companion of {@link Order}: typed columns, the schema {@link #SCHEMA} (binary codec,
 * CSV and JSON mappings) and {@link #of} to build rows from expressions.
 */
@Generated("dev.tideway.processor.TidewayProcessor")
@TidewayGenerated
public final class Order_ {
    private static final ValueType<Order.Status> STATUS_TYPE = ValueTypes.enumOf(Order.Status.class, Order.Status.values());

    private static final ValueType<Optional<String>> NOTE_TYPE = ValueTypes.optional(ValueTypes.STRING);

    private static final ValueType<List<Order.Line>> LINES_TYPE = ValueTypes.list(Order_Line_.SCHEMA.asValueType());

    private static final ValueType<Integer> PRIORITY_TYPE = ValueTypes.nullable(ValueTypes.INT);

    /**
     * The schema of {@link Order} rows: fields, fingerprint, codec and mappings.
     */
    public static final RowSchema<Order> SCHEMA = new Descriptor();

    public static final Column<Order, Long> id = new Column<>(Order.class, 0, "id", ValueTypes.LONG, Order::id);

    public static final Column<Order, String> shop = new Column<>(Order.class, 1, "shop", ValueTypes.STRING, Order::shop);

    public static final Column<Order, Order.Status> status = new Column<>(Order.class, 2, "status", STATUS_TYPE, Order::status);

    public static final Column<Order, Optional<String>> note = new Column<>(Order.class, 3, "note", NOTE_TYPE, Order::note);

    public static final Column<Order, List<Order.Line>> lines = new Column<>(Order.class, 4, "lines", LINES_TYPE, Order::lines);

    public static final Column<Order, Integer> priority = new Column<>(Order.class, 5, "priority", PRIORITY_TYPE, Order::priority);

    public static final Column<Order, BigDecimal> total = new Column<>(Order.class, 6, "total", ValueTypes.BIG_DECIMAL, Order::total);

    public static final Column<Order, Instant> placedAt = new Column<>(Order.class, 7, "placedAt", ValueTypes.INSTANT, Order::placedAt);

    private Order_() {
    }

    /**
     * A row of {@link Order} built from one expression per field, checked by javac.
     */
    public static Projection<Order> of(Expr<Long> id, Expr<String> shop, Expr<Order.Status> status,
            Expr<Optional<String>> note, Expr<List<Order.Line>> lines, Expr<Integer> priority,
            Expr<BigDecimal> total, Expr<Instant> placedAt) {
        return new Projection<>(SCHEMA, List.of(id, shop, status, note, lines, priority, total, placedAt));
    }

    /**
     * Every column of {@link Order} as it is: change some with {@code .with(column, expr)} and select it to keep
     * the others unchanged.
     */
    public static Projection<Order> columns() {
        return new Projection<>(SCHEMA, List.of(id, shop, status, note, lines, priority, total, placedAt));
    }

    private static final class Descriptor extends RowSchema<Order> {
        Descriptor() {
            super(Order.class, "Order", List.of(
                    new FieldDescriptor(0, "id", "order_id", ValueTypes.LONG, true),
                    new FieldDescriptor(1, "shop", "shop", ValueTypes.STRING, true),
                    new FieldDescriptor(2, "status", "status", STATUS_TYPE, false),
                    new FieldDescriptor(3, "note", "note", NOTE_TYPE, false),
                    new FieldDescriptor(4, "lines", "lines", LINES_TYPE, false),
                    new FieldDescriptor(5, "priority", "priority", PRIORITY_TYPE, false),
                    new FieldDescriptor(6, "total", "total", ValueTypes.BIG_DECIMAL, false),
                    new FieldDescriptor(7, "placedAt", "placedAt", ValueTypes.INSTANT, false)));
        }

        @Override
        public void encode(Order row, BinaryWriter out) {
            out.writeLong(row.id());
            ValueTypes.STRING.write(out, Objects.requireNonNull(row.shop(), "Order.shop is required, but the row has null"));
            STATUS_TYPE.write(out, Objects.requireNonNull(row.status(), "Order.status is required, but the row has null"));
            NOTE_TYPE.write(out, row.note());
            LINES_TYPE.write(out, Objects.requireNonNull(row.lines(), "Order.lines is required, but the row has null"));
            PRIORITY_TYPE.write(out, row.priority());
            ValueTypes.BIG_DECIMAL.write(out, Objects.requireNonNull(row.total(), "Order.total is required, but the row has null"));
            ValueTypes.INSTANT.write(out, Objects.requireNonNull(row.placedAt(), "Order.placedAt is required, but the row has null"));
        }

        @Override
        public Order decode(BinaryReader in) {
            long id = in.readLong();
            String shop = ValueTypes.STRING.read(in);
            Order.Status status = STATUS_TYPE.read(in);
            Optional<String> note = NOTE_TYPE.read(in);
            List<Order.Line> lines = LINES_TYPE.read(in);
            Integer priority = PRIORITY_TYPE.read(in);
            BigDecimal total = ValueTypes.BIG_DECIMAL.read(in);
            Instant placedAt = ValueTypes.INSTANT.read(in);
            return new Order(id, shop, status, note, lines, priority, total, placedAt);
        }

        @Override
        public Object get(Order row, int field) {
            return switch (field) {
                case 0 -> row.id();
                case 1 -> row.shop();
                case 2 -> row.status();
                case 3 -> row.note();
                case 4 -> row.lines();
                case 5 -> row.priority();
                case 6 -> row.total();
                case 7 -> row.placedAt();
                default -> throw noSuchField(field);
            };
        }

        @Override
        @SuppressWarnings("unchecked")
        public Order build(Object[] values) {
            return new Order(
                    (Long) required(values, 0),
                    (String) required(values, 1),
                    (Order.Status) required(values, 2),
                    values[3] == null ? Optional.empty() : (Optional<String>) values[3],
                    (List<Order.Line>) required(values, 4),
                    (Integer) values[5],
                    (BigDecimal) required(values, 6),
                    (Instant) required(values, 7));
        }

        @Override
        public Order readText(TextRow in) {
            long id;
            String shop;
            Order.Status status;
            Optional<String> note;
            List<Order.Line> lines;
            Integer priority;
            BigDecimal total;
            Instant placedAt;
            int field = 0;
            try {
                id = ValueTypes.parseLong(in.cell(0));
                field = 1;
                shop = parseCell(in, 1, ValueTypes.STRING);
                field = 2;
                status = parseCell(in, 2, STATUS_TYPE);
                field = 3;
                note = parseCell(in, 3, NOTE_TYPE);
                field = 4;
                lines = parseCell(in, 4, LINES_TYPE);
                field = 5;
                priority = parseCell(in, 5, PRIORITY_TYPE);
                field = 6;
                total = parseCell(in, 6, ValueTypes.BIG_DECIMAL);
                field = 7;
                placedAt = parseCell(in, 7, ValueTypes.INSTANT);
            } catch (IllegalArgumentException e) {
                throw badTextField(field, e);
            }
            return new Order(id, shop, status, note, lines, priority, total, placedAt);
        }

        @Override
        public void writeJsonFields(Order row, JsonGenerator out) throws IOException {
            out.writeFieldName("order_id");
            out.writeNumber(row.id());
            out.writeFieldName("shop");
            ValueTypes.STRING.writeJson(out, row.shop());
            out.writeFieldName("status");
            STATUS_TYPE.writeJson(out, row.status());
            out.writeFieldName("note");
            NOTE_TYPE.writeJson(out, row.note());
            out.writeFieldName("lines");
            LINES_TYPE.writeJson(out, row.lines());
            out.writeFieldName("priority");
            PRIORITY_TYPE.writeJson(out, row.priority());
            out.writeFieldName("total");
            ValueTypes.BIG_DECIMAL.writeJson(out, row.total());
            out.writeFieldName("placedAt");
            ValueTypes.INSTANT.writeJson(out, row.placedAt());
        }

        @Override
        public Order readJson(JsonParser in) throws IOException {
            if (in.currentToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("expected a JSON object for Order, found " + in.currentToken());
            }
            long id = 0L;
            boolean idSeen = false;
            String shop = null;
            Order.Status status = null;
            Optional<String> note = NOTE_TYPE.absent();
            List<Order.Line> lines = null;
            Integer priority = PRIORITY_TYPE.absent();
            BigDecimal total = null;
            Instant placedAt = null;
            while (in.nextToken() == JsonToken.FIELD_NAME) {
                String name = in.currentName();
                in.nextToken();
                switch (name) {
                    case "order_id" -> {
                        try {
                            id = ValueTypes.LONG.readJson(in);
                        } catch (IllegalArgumentException e) {
                            throw badJsonField(0, e);
                        }
                        idSeen = true;
                    }
                    case "shop" -> {
                        try {
                            shop = ValueTypes.STRING.readJson(in);
                        } catch (IllegalArgumentException e) {
                            throw badJsonField(1, e);
                        }
                    }
                    case "status" -> {
                        try {
                            status = STATUS_TYPE.readJson(in);
                        } catch (IllegalArgumentException e) {
                            throw badJsonField(2, e);
                        }
                    }
                    case "note" -> {
                        try {
                            note = NOTE_TYPE.readJson(in);
                        } catch (IllegalArgumentException e) {
                            throw badJsonField(3, e);
                        }
                    }
                    case "lines" -> {
                        try {
                            lines = LINES_TYPE.readJson(in);
                        } catch (IllegalArgumentException e) {
                            throw badJsonField(4, e);
                        }
                    }
                    case "priority" -> {
                        try {
                            priority = PRIORITY_TYPE.readJson(in);
                        } catch (IllegalArgumentException e) {
                            throw badJsonField(5, e);
                        }
                    }
                    case "total" -> {
                        try {
                            total = ValueTypes.BIG_DECIMAL.readJson(in);
                        } catch (IllegalArgumentException e) {
                            throw badJsonField(6, e);
                        }
                    }
                    case "placedAt" -> {
                        try {
                            placedAt = ValueTypes.INSTANT.readJson(in);
                        } catch (IllegalArgumentException e) {
                            throw badJsonField(7, e);
                        }
                    }
                    default -> in.skipChildren();
                }
            }
            if (in.currentToken() != JsonToken.END_OBJECT) {
                throw new IllegalArgumentException("unterminated JSON object for Order");
            }
            if (!idSeen) {
                throw missingJsonField(0);
            }
            if (shop == null) {
                throw missingJsonField(1);
            }
            if (status == null) {
                throw missingJsonField(2);
            }
            if (lines == null) {
                throw missingJsonField(4);
            }
            if (total == null) {
                throw missingJsonField(6);
            }
            if (placedAt == null) {
                throw missingJsonField(7);
            }
            return new Order(id, shop, status, note, lines, priority, total, placedAt);
        }

        @Override
        public void writeKey(Order row, BinaryWriter out) {
            out.writeLong(row.id());
            ValueTypes.STRING.write(out, Objects.requireNonNull(row.shop(), "Order.shop is required, but the row has null"));
        }
    }
}
