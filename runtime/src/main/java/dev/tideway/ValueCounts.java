package dev.tideway;

import dev.tideway.schema.BinaryReader;
import dev.tideway.schema.BinaryWriter;
import dev.tideway.schema.ValueType;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;

/**
 * A multiset of values in order, with a count per distinct value: the state of min, max, count
 * distinct, sorted tuple and unique. Its encoding (distinct count, then each value and its count) is
 * the one the group-by snapshots have always used for these reducers.
 *
 * @param <V> the type of the values
 */
final class ValueCounts<V> {
    final TreeMap<V, int[]> counts;

    ValueCounts(Comparator<V> order) {
        this.counts = new TreeMap<>(order);
    }

    void add(V value) {
        counts.computeIfAbsent(value, v -> new int[1])[0]++;
    }

    void remove(V value) {
        int[] count = counts.get(value);
        if (count != null && --count[0] <= 0) {
            counts.remove(value);
        }
    }

    /** A codec for the multisets of one value type and order, nulls excluded. */
    static <V> StateCodec<ValueCounts<V>> codec(ValueType<V> type, Comparator<V> order) {
        return StateCodec.of((out, state) -> write(out, state, type), in -> read(in, type, order));
    }

    private static <V> void write(BinaryWriter out, ValueCounts<V> state, ValueType<V> type) {
        out.writeLength(state.counts.size());
        for (Map.Entry<V, int[]> entry : state.counts.entrySet()) {
            type.write(out, entry.getKey());
            out.writeLength(entry.getValue()[0]);
        }
    }

    private static <V> ValueCounts<V> read(BinaryReader in, ValueType<V> type, Comparator<V> order) {
        ValueCounts<V> state = new ValueCounts<>(order);
        int size = in.readLength(1);
        for (int i = 0; i < size; i++) {
            V value = type.read(in);
            state.counts.put(value, new int[] {in.readLength(0)});
        }
        return state;
    }
}
