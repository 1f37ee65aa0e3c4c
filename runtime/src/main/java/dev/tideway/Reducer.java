package dev.tideway;

import dev.tideway.schema.ValueType;
import java.util.List;
import java.util.Objects;

/**
 * An aggregate over the rows of a group, used as a field of the projection given to
 * {@code groupBy(...).reduce(...)}: an input expression evaluated on each row of the group, and an
 * {@link Aggregator} that folds the values into the group's result. Made by {@link Reducers}, for the
 * built-in reducers and for user-defined ones alike.
 *
 * <pre>{@code
 * sales.groupBy(Sale_.shop).reduce(ShopTotal_.of(Sale_.shop, Reducers.sum(Sale_.qty)));
 * }</pre>
 *
 * <p>A reducer is immutable and may be used in any number of reduces. Its {@link #toString() name}
 * is part of the definition of the operator that computes it: a persisted group-by whose reducers
 * changed name is rebuilt from its input.
 *
 * @param <V> the type of the aggregate
 */
public final class Reducer<V> implements Expr<V> {
    private final String name;
    private final ValueType<V> type;
    private final Expr<?> input;
    private final Aggregator<?, ?, V> aggregator;
    private final boolean rowKeyed;

    Reducer(String name, ValueType<V> type, Expr<?> input, Aggregator<?, ?, V> aggregator, boolean rowKeyed) {
        this.name = Objects.requireNonNull(name, "name");
        this.type = Objects.requireNonNull(type, "type");
        this.input = Objects.requireNonNull(input, "input");
        this.aggregator = Objects.requireNonNull(aggregator, "aggregator");
        this.rowKeyed = rowKeyed;
    }

    @Override
    public ValueType<V> type() {
        return type;
    }

    /** The expression evaluated on each row of a group; its values are what the aggregator adds. */
    public Expr<?> input() {
        return input;
    }

    /**
     * What folds the values of a group into its result. A {@link RetractingAggregator} takes values
     * back out; another is recomputed from the group's values when a row leaves the group.
     */
    public Aggregator<?, ?, V> aggregator() {
        return aggregator;
    }

    /**
     * Whether the aggregator receives {@link KeyedValue}s (the value with its row's key) rather than
     * the values alone.
     */
    public boolean rowKeyed() {
        return rowKeyed;
    }

    /** The input expression: the columns it reads belong to the table grouped. */
    @Override
    public List<Expr<?>> operands() {
        return List.of(input);
    }

    /** Reducers are evaluated per group by the engine, so they are as deterministic as their input. */
    @Override
    public boolean deterministic() {
        return input.deterministic();
    }

    /** @throws IllegalStateException always: a reducer has a value only per group, inside reduce */
    @Override
    public V eval(Object row) {
        throw new IllegalStateException(name + " is a reducer: use it inside groupBy(...).reduce(...)");
    }

    @Override
    public String toString() {
        return name;
    }
}
