package dev.tideway;

import dev.tideway.schema.ValueType;
import java.util.Objects;
import java.util.function.Function;

/**
 * A typed reference to one component of a {@code @Schema} record, generated as a constant of the
 * record's companion: {@code Word_.word} is a {@code Column<Word, String>}.
 *
 * @param <T> the record type
 * @param <V> the component's type (boxed for primitives)
 */
public final class Column<T, V> implements Expr<V> {
    private final int index;
    private final String name;
    private final ValueType<V> type;
    private final Function<T, V> getter;

    public Column(int index, String name, ValueType<V> type, Function<T, V> getter) {
        this.index = index;
        this.name = Objects.requireNonNull(name, "name");
        this.type = Objects.requireNonNull(type, "type");
        this.getter = Objects.requireNonNull(getter, "getter");
    }

    /** The component's position in the record. */
    public int index() {
        return index;
    }

    /** The component's Java name. */
    public String name() {
        return name;
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
        if (row instanceof dev.tideway.engine.JoinedRow) {
            throw new IllegalArgumentException("column " + name + " is used on the pairs of a join; say which side it is read from:"
                    + " JoinResult.left(" + name + ") or JoinResult.right(" + name + ")");
        }
        return getter.apply((T) row);
    }

    @Override
    public String toString() {
        return name;
    }
}
