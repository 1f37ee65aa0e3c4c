package dev.tideway;

import dev.tideway.internal.engine.identity.Canonical;
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
 * <p>A reducer is immutable and may be used in any number of reduces. Its canonical form (the
 * reducer's function, its constants, its result type and its arguments' canonical forms; for a
 * user-defined one, its name and the fingerprint of its aggregator's code) is part of the
 * operator's identity, never its {@link #toString() name}: a persisted group-by whose reducers
 * changed is rebuilt from its input.
 *
 * @param <V> the type of the aggregate
 */
public final class Reducer<V> implements Expr<V>, CanonicalForm {
    private final String name;
    private final String function;
    private final String detail;
    private final List<Expr<?>> arguments;
    private final ValueType<V> type;
    private final Expr<?> input;
    private final Aggregator<?, ?, V> aggregator;
    private final boolean rowKeyed;

    /**
     * A reducer of the values {@code input} gives on each row of a group.
     *
     * @param name its text in messages, such as {@code sum(qty)}
     * @param function its function in the canonical form ({@code sum}, {@code argMin}), frozen with
     *     operator identity
     * @param detail what else the canonical form holds (a constant, a user aggregator's name and code
     *     fingerprint), or null
     * @param arguments the expressions the user gave, as the canonical form writes them (the input
     *     may combine them, as a pair does)
     */
    Reducer(String name, String function, String detail, List<? extends Expr<?>> arguments, ValueType<V> type, Expr<?> input,
            Aggregator<?, ?, V> aggregator, boolean rowKeyed) {
        this.name = Objects.requireNonNull(name, "name");
        this.function = Objects.requireNonNull(function, "function");
        this.detail = detail;
        this.arguments = List.copyOf(arguments);
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

    /** {@code reduce-<function>[detail]:type(arguments)}: {@code reduce-sum:long($qty:long)}. */
    @Override
    public String canonicalForm() {
        return Canonical.call("reduce-" + function, detail, type.descriptor(), arguments);
    }

    @Override
    public String toString() {
        return name;
    }
}
