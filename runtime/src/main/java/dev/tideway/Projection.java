package dev.tideway;

import dev.tideway.schema.RowSchema;
import java.util.List;
import java.util.Objects;

/**
 * A row of a result schema, described by one expression per field. Built by the generated
 * {@code Foo_.of(...)}, which javac checks field by field, and consumed by {@code select} and
 * {@code reduce}.
 *
 * @param <R> the result record type
 */
public final class Projection<R> {
    private final RowSchema<R> schema;
    private final List<Expr<?>> fields;

    public Projection(RowSchema<R> schema, List<Expr<?>> fields) {
        this.schema = Objects.requireNonNull(schema, "schema");
        this.fields = List.copyOf(fields);
        if (this.fields.size() != schema.fields().size()) {
            throw new IllegalArgumentException(schema.name() + " has " + schema.fields().size()
                    + " fields, but " + this.fields.size() + " expressions were given");
        }
    }

    /** The schema of the rows built. */
    public RowSchema<R> schema() {
        return schema;
    }

    /**
     * One expression per field of the result, in field order.
     *
     * @throws IllegalArgumentException when a field of a {@link #byName} projection still has no
     *                                  expression, naming it and saying how to give it one
     */
    public List<Expr<?>> fields() {
        List<String> missing = fields.stream().filter(FieldOf.Missing.class::isInstance).map(Object::toString).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(schema.name() + " has fields with no expression: " + String.join("; ", missing)
                    + ". Give each one with .with(column, expression)");
        }
        return fields;
    }

    /**
     * This projection with one field's expression replaced: the rest stay as they are. With the
     * generated {@code Foo_.columns()}, a select that changes some columns and keeps the others
     * without listing them, as Pathway's {@code with_columns}:
     *
     * <pre>{@code
     * sales.select(Sale_.columns().with(Sale_.price, Decimals.setScale(Sale_.price, 2, RoundingMode.HALF_EVEN)))
     * }</pre>
     *
     * @throws IllegalArgumentException when {@code column} is not a field of this projection's record
     */
    public <V> Projection<R> with(Column<R, V> column, Expr<V> value) {
        Objects.requireNonNull(value, "value");
        int index = column.index();
        if (index < 0 || index >= fields.size() || !schema.fields().get(index).name().equals(column.name())
                || !schema.fields().get(index).type().descriptor().equals(column.type().descriptor())) {
            throw new IllegalArgumentException(column + " is not a field of " + schema.name() + "; give a column of " + schema.name());
        }
        List<Expr<?>> replaced = new java.util.ArrayList<>(fields);
        replaced.set(index, value);
        return new Projection<>(schema, replaced);
    }

    /**
     * A row of {@code target} whose fields take the value of the field of the same name and type of
     * the rows read ({@code source}'s); the fields {@code source} lacks are given with
     * {@link #with}. For a select into a record that extends another with computed columns:
     *
     * <pre>{@code
     * sales.select(Projection.byName(PricedSale_.SCHEMA, Sale_.SCHEMA)
     *         .with(PricedSale_.total, Decimals.times(Sale_.price, Decimals.toDecimal(Sale_.qty))))
     * }</pre>
     *
     * <p>Checked when the select is built: a field still without an expression is an error naming
     * it (a field of the same name but another type is named as such); the rows read must be
     * {@code source}'s, or evaluating fails naming both records.
     */
    public static <R> Projection<R> byName(RowSchema<R> target, RowSchema<?> source) {
        List<Expr<?>> fields = new java.util.ArrayList<>();
        for (dev.tideway.schema.FieldDescriptor field : target.fields()) {
            dev.tideway.schema.FieldDescriptor same = source.fields().stream().filter(f -> f.name().equals(field.name())).findFirst().orElse(null);
            if (same == null) {
                fields.add(new FieldOf.Missing(field.name() + " (" + source.name() + " has no such field)"));
            } else if (!same.type().descriptor().equals(field.type().descriptor())) {
                fields.add(new FieldOf.Missing(field.name() + " (" + source.name() + "." + same.name() + " is " + same.type().descriptor()
                        + ", not " + field.type().descriptor() + ")"));
            } else {
                fields.add(new FieldOf<>(source, same.index(), field.type()));
            }
        }
        return new Projection<>(target, fields);
    }
}
