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
 * The Tideway companion of {@link Order.Line}: typed columns, the schema {@link #SCHEMA} (binary codec,
 * CSV and JSON mappings) and {@link #of} to build rows from expressions.
 */
@Generated("dev.tideway.processor.TidewayProcessor")
@TidewayGenerated
public final class Order_Line_ {
    /**
     * The schema of {@link Order.Line} rows: fields, fingerprint, codec and mappings.
     */
    public static final RowSchema<Order.Line> SCHEMA = new Descriptor();

    public static final Column<Order.Line, String> sku = new Column<>(Order.Line.class, 0, "sku", ValueTypes.STRING, Order.Line::sku);

    public static final Column<Order.Line, Integer> quantity = new Column<>(Order.Line.class, 1, "quantity", ValueTypes.INT, Order.Line::quantity);

    private Order_Line_() {
    }

    /**
     * A row of {@link Order.Line} built from one expression per field, checked by javac.
     */
    public static Projection<Order.Line> of(Expr<String> sku, Expr<Integer> quantity) {
        return new Projection<>(SCHEMA, List.of(sku, quantity));
    }

    /**
     * Every column of {@link Order.Line} as it is: change some with {@code .with(column, expr)} and select it to keep
     * the others unchanged.
     */
    public static Projection<Order.Line> columns() {
        return new Projection<>(SCHEMA, List.of(sku, quantity));
    }

    private static final class Descriptor extends RowSchema<Order.Line> {
        Descriptor() {
            super(Order.Line.class, "Order.Line", List.of(
                    new FieldDescriptor(0, "sku", "sku", ValueTypes.STRING, false),
                    new FieldDescriptor(1, "quantity", "quantity", ValueTypes.INT, false)));
        }

        @Override
        public void encode(Order.Line row, BinaryWriter out) {
            ValueTypes.STRING.write(out, Objects.requireNonNull(row.sku(), "Order.Line.sku is required, but the row has null"));
            out.writeInt(row.quantity());
        }

        @Override
        public Order.Line decode(BinaryReader in) {
            String sku = ValueTypes.STRING.read(in);
            int quantity = in.readInt();
            return new Order.Line(sku, quantity);
        }

        @Override
        public Object get(Order.Line row, int field) {
            return switch (field) {
                case 0 -> row.sku();
                case 1 -> row.quantity();
                default -> throw noSuchField(field);
            };
        }

        @Override
        public Order.Line build(Object[] values) {
            return new Order.Line(
                    (String) required(values, 0),
                    (Integer) required(values, 1));
        }

        @Override
        public Order.Line readText(TextRow in) {
            String sku;
            int quantity;
            int field = 0;
            try {
                sku = parseCell(in, 0, ValueTypes.STRING);
                field = 1;
                quantity = ValueTypes.parseInt(in.cell(1));
            } catch (IllegalArgumentException e) {
                throw badTextField(field, e);
            }
            return new Order.Line(sku, quantity);
        }

        @Override
        public void writeJsonFields(Order.Line row, JsonGenerator out) throws IOException {
            out.writeFieldName("sku");
            ValueTypes.STRING.writeJson(out, row.sku());
            out.writeFieldName("quantity");
            out.writeNumber(row.quantity());
        }

        @Override
        public Order.Line readJson(JsonParser in) throws IOException {
            if (in.currentToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("expected a JSON object for Order.Line, found " + in.currentToken());
            }
            String sku = null;
            int quantity = 0;
            boolean quantitySeen = false;
            while (in.nextToken() == JsonToken.FIELD_NAME) {
                String name = in.currentName();
                in.nextToken();
                switch (name) {
                    case "sku" -> {
                        try {
                            sku = ValueTypes.STRING.readJson(in);
                        } catch (IllegalArgumentException e) {
                            throw badJsonField(0, e);
                        }
                    }
                    case "quantity" -> {
                        try {
                            quantity = ValueTypes.INT.readJson(in);
                        } catch (IllegalArgumentException e) {
                            throw badJsonField(1, e);
                        }
                        quantitySeen = true;
                    }
                    default -> in.skipChildren();
                }
            }
            if (in.currentToken() != JsonToken.END_OBJECT) {
                throw new IllegalArgumentException("unterminated JSON object for Order.Line");
            }
            if (sku == null) {
                throw missingJsonField(0);
            }
            if (!quantitySeen) {
                throw missingJsonField(1);
            }
            return new Order.Line(sku, quantity);
        }
    }
}
