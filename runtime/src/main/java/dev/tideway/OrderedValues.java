package dev.tideway;

import dev.tideway.schema.ValueType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The reducers of a group's multiset of values in order: min, max, the number of distinct values,
 * the sorted tuple and the unique value. Nulls are skipped. A retraction removes one occurrence of
 * its value.
 *
 * @param <V> the type of the values
 * @param <R> the type of the result
 */
final class OrderedValues<V, R> implements RetractingAggregator<V, ValueCounts<V>, R> {
    /** What the multiset gives. */
    enum Output { MIN, MAX, DISTINCT_COUNT, SORTED, UNIQUE }

    private final String name;
    private final Comparator<V> order;
    private final Output output;
    private final StateCodec<ValueCounts<V>> codec;

    private OrderedValues(String name, ValueType<V> type, Comparator<V> order, Output output) {
        this.name = name;
        this.order = order;
        this.output = output;
        this.codec = ValueCounts.codec(type, order);
    }

    /** The least or greatest value, or the sorted values: the type must have an order. */
    static <V, R> OrderedValues<V, R> ordered(String name, ValueType<V> type, Output output) {
        return new OrderedValues<>(name, type, ValueOrder.required(type, name), output);
    }

    /** Distinct values or the unique value: any type (one without order is ordered by its encoding). */
    static <V, R> OrderedValues<V, R> anyType(String name, ValueType<V> type, Output output) {
        return new OrderedValues<>(name, type, ValueOrder.of(type), output);
    }

    @Override public ValueCounts<V> create() { return new ValueCounts<>(order); }

    @Override public ValueCounts<V> add(ValueCounts<V> state, V value) {
        if (value != null) {
            state.add(value);
        }
        return state;
    }

    @Override public ValueCounts<V> retract(ValueCounts<V> state, V value) {
        if (value != null) {
            state.remove(value);
        }
        return state;
    }

    @Override
    @SuppressWarnings("unchecked")
    public R result(ValueCounts<V> state) {
        Object result = switch (output) {
            case MIN -> state.counts.isEmpty() ? null : state.counts.firstKey();
            case MAX -> state.counts.isEmpty() ? null : state.counts.lastKey();
            case DISTINCT_COUNT -> (long) state.counts.size();
            case SORTED -> sorted(state);
            case UNIQUE -> unique(state);
        };
        return (R) result;
    }

    private List<V> sorted(ValueCounts<V> state) {
        List<V> values = new ArrayList<>();
        for (Map.Entry<V, int[]> entry : state.counts.entrySet()) {
            for (int i = 0; i < entry.getValue()[0]; i++) {
                values.add(entry.getKey());
            }
        }
        return Collections.unmodifiableList(values);
    }

    private V unique(ValueCounts<V> state) {
        if (state.counts.size() > 1) {
            Iterator<V> values = state.counts.keySet().iterator();
            throw new IllegalStateException(name + ": the group holds different values (" + values.next() + " and "
                    + values.next() + (state.counts.size() > 2 ? ", and " + (state.counts.size() - 2) + " more" : "")
                    + "); unique needs one value per group: group by this column too, or use Reducers.any or min");
        }
        return state.counts.isEmpty() ? null : state.counts.firstKey();
    }

    @Override public StateCodec<ValueCounts<V>> stateCodec() { return codec; }
}
