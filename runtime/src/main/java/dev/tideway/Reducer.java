package dev.tideway;

import dev.tideway.engine.identity.Canonical;
import dev.tideway.engine.identity.CanonicalForm;
import dev.tideway.engine.ops.Accumulator;
import dev.tideway.schema.ValueType;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * An aggregate over the rows of a group, used as a field of the projection given to
 * {@code groupBy(...).reduce(...)}. Made by {@link Reducers}.
 *
 * @param <V> the type of the aggregate
 */
public final class Reducer<V> implements Expr<V>, CanonicalForm {
    private final String function;
    private final String name;
    private final ValueType<V> type;
    private final Supplier<Accumulator> accumulators;
    private final List<Expr<?>> operands;

    Reducer(String function, ValueType<V> type, Supplier<Accumulator> accumulators) {
        this(function, type, accumulators, List.of());
    }

    /**
     * A reducer of the values of {@code operands}, which must be columns of the grouped table.
     *
     * @param function its name in messages and in the canonical form ({@code sum}, {@code count});
     *     the canonical form also holds the type and the operands, and is frozen with operator identity
     */
    Reducer(String function, ValueType<V> type, Supplier<Accumulator> accumulators, List<Expr<?>> operands) {
        this.function = function;
        this.name = function + "(" + String.join(", ", operands.stream().map(String::valueOf).toList()) + ")";
        this.type = Objects.requireNonNull(type);
        this.accumulators = accumulators;
        this.operands = List.copyOf(operands);
    }

    @Override
    public List<Expr<?>> operands() {
        return operands;
    }

    @Override
    public ValueType<V> type() {
        return type;
    }

    /** A fresh accumulator for one group. */
    public Accumulator newAccumulator() {
        return accumulators.get();
    }

    /** @throws IllegalStateException always: a reducer has a value only per group, inside reduce */
    @Override
    public V eval(Object row) {
        throw new IllegalStateException(name + " is a reducer: use it inside groupBy(...).reduce(...)");
    }

    @Override
    public String canonicalForm() {
        return Canonical.call("reduce-" + function, null, type.descriptor(), operands);
    }

    @Override
    public String toString() {
        return name;
    }
}
