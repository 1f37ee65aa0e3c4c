package dev.tideway;

import dev.tideway.internal.engine.identity.Canonical;
import dev.tideway.schema.RowSchema;
import dev.tideway.schema.ValueType;
import dev.tideway.schema.ValueTypes;
import java.util.List;

/**
 * A field of the rows read, found by name rather than by a generated column: what
 * {@link Projection#byName} copies into the result.
 *
 * @param <V> the field's type
 */
final class FieldOf<V> implements Expr<V>, CanonicalForm {
    private final RowSchema<?> schema;
    private final int index;
    private final ValueType<V> type;

    FieldOf(RowSchema<?> schema, int index, ValueType<?> type) {
        this.schema = schema;
        this.index = index;
        @SuppressWarnings("unchecked")
        ValueType<V> typed = (ValueType<V>) type;
        this.type = typed;
    }

    @Override
    public ValueType<V> type() {
        return type;
    }

    @Override
    @SuppressWarnings("unchecked")
    public V eval(Object row) {
        if (!schema.type().isInstance(row)) {
            throw new IllegalArgumentException("Projection.byName copies fields of " + schema.name() + " rows, but it is applied to "
                    + (row == null ? "null" : row.getClass().getSimpleName()) + " rows; give byName the schema of the table selected from");
        }
        return (V) ((RowSchema<Object>) schema).get(row, index);
    }

    @Override
    public List<Expr<?>> operands() {
        return List.of();
    }

    /** {@code $name:type}, as the generated column of the same component writes itself: it reads the same value. */
    @Override
    public String canonicalForm() {
        return "$" + schema.fields().get(index).name() + ":" + type.descriptor();
    }

    @Override
    public String toString() {
        return schema.fields().get(index).name();
    }

    /** A field of a {@link Projection#byName} projection that no field of the rows read gives. */
    static final class Missing implements Expr<Object>, CanonicalForm {
        private final String what;

        Missing(String what) {
            this.what = what;
        }

        @Override
        public ValueType<Object> type() {
            @SuppressWarnings("unchecked")
            ValueType<Object> any = (ValueType<Object>) (ValueType<?>) ValueTypes.nullable(ValueTypes.STRING);
            return any;
        }

        @Override
        public Object eval(Object row) {
            throw new IllegalStateException("field " + what + " has no expression");
        }

        @Override
        public String canonicalForm() {
            return Canonical.call("missing", Canonical.quote(what), type().descriptor(), List.of());
        }

        @Override
        public String toString() {
            return what;
        }
    }
}
