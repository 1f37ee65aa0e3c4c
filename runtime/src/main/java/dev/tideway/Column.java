package dev.tideway;

import dev.tideway.schema.ValueType;
import java.util.Objects;
import java.util.function.Function;

/**
 * A typed reference to one component of a {@code @Schema} record, generated as a constant of the
 * record's companion: {@code Word_.word} is a {@code Column<Word, String>}.
 *
 * <p>A column knows the record it belongs to, so that an operator given a column of another table
 * ({@code orders.filter(Customer_.country.eq("US"))}) is refused when the pipeline is built, with a
 * message naming the column and the table, instead of failing at the first row.
 *
 * @param <T> the record type
 * @param <V> the component's type (boxed for primitives)
 */
public final class Column<T, V> implements Expr<V>, CanonicalForm {
    private final Class<T> rowType;
    private final int index;
    private final String name;
    private final ValueType<V> type;
    private final Function<T, V> getter;

    /**
     * The column {@code name} at {@code index} of the records {@code rowType}; generated code calls it.
     */
    public Column(Class<T> rowType, int index, String name, ValueType<V> type, Function<T, V> getter) {
        this.rowType = Objects.requireNonNull(rowType, "rowType");
        this.index = index;
        this.name = Objects.requireNonNull(name, "name");
        this.type = Objects.requireNonNull(type, "type");
        this.getter = Objects.requireNonNull(getter, "getter");
    }

    /** The record class the column belongs to. */
    public Class<T> rowType() {
        return rowType;
    }

    /** The component's position in the record. */
    public int index() {
        return index;
    }

    /** The component's Java name. */
    public String name() {
        return name;
    }

    /**
     * The column as code names it, through the record's companion: {@code Customer_.country}, or
     * {@code Order_Line_.sku} for a nested record {@code Order.Line}.
     */
    public String qualifiedName() {
        return nestedName(rowType).replace('.', '_') + "_." + name;
    }

    /** {@code Order.Line}: a class's name inside its package. */
    static String nestedName(Class<?> type) {
        String packageName = type.getPackageName();
        return type.getName().substring(packageName.isEmpty() ? 0 : packageName.length() + 1).replace('$', '.');
    }

    @Override
    public ValueType<V> type() {
        return type;
    }

    /** The component's value in a row. */
    public V get(T row) {
        return getter.apply(row);
    }

    @Override
    @SuppressWarnings("unchecked")
    public V eval(Object row) {
        if (row instanceof dev.tideway.internal.engine.JoinedRow) {
            throw new IllegalArgumentException("column " + name + " is used on the pairs of a join; say which side it is read from:"
                    + " JoinResult.left(" + name + ") or JoinResult.right(" + name + ")");
        }
        return getter.apply((T) row);
    }

    /** {@code $name:type}: the component by its Java name and value type (the table it belongs to is the operator's input). */
    @Override
    public String canonicalForm() {
        return "$" + name + ":" + type.descriptor();
    }

    @Override
    public String toString() {
        return name;
    }
}
