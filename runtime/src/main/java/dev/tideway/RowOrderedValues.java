package dev.tideway;

import dev.tideway.internal.engine.RowEquality;
import dev.tideway.schema.BinaryReader;
import dev.tideway.schema.BinaryWriter;
import dev.tideway.schema.ValueType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The values of a group ordered by the keys of their rows: {@code tuple} gives them all, {@code any}
 * the first. As Pathway's, the order is the same for every column reduced, so {@code any(a)} and
 * {@code any(b)} come from the same row, and {@code tuple(a)} and {@code tuple(b)} line up. Nulls
 * are kept. State: per row key, the values of the rows with that key.
 *
 * @param <V> the type of the values
 * @param <R> the type of the result: {@code V} for any, {@code List<V>} for tuple
 */
final class RowOrderedValues<V, R> implements RetractingAggregator<KeyedValue<V>, TreeMap<Long, List<V>>, R> {
    private final boolean all;
    private final StateCodec<TreeMap<Long, List<V>>> codec;

    RowOrderedValues(ValueType<V> type, boolean all) {
        this.all = all;
        this.codec = StateCodec.of((out, state) -> write(out, state, type), in -> read(in, type));
    }

    @Override public TreeMap<Long, List<V>> create() { return new TreeMap<>(); }

    @Override public TreeMap<Long, List<V>> add(TreeMap<Long, List<V>> state, KeyedValue<V> value) {
        state.computeIfAbsent(value.rowKey(), k -> new ArrayList<>(1)).add(value.value());
        return state;
    }

    @Override public TreeMap<Long, List<V>> retract(TreeMap<Long, List<V>> state, KeyedValue<V> value) {
        List<V> values = state.get(value.rowKey());
        if (values != null) {
            for (int i = values.size() - 1; i >= 0; i--) {
                if (RowEquality.equal(values.get(i), value.value())) {
                    values.remove(i);
                    break;
                }
            }
            if (values.isEmpty()) {
                state.remove(value.rowKey());
            }
        }
        return state;
    }

    @Override
    @SuppressWarnings("unchecked")
    public R result(TreeMap<Long, List<V>> state) {
        if (!all) {
            return state.isEmpty() ? null : (R) state.firstEntry().getValue().get(0);
        }
        List<V> values = new ArrayList<>();
        state.values().forEach(values::addAll);
        return (R) Collections.unmodifiableList(values);
    }

    @Override public StateCodec<TreeMap<Long, List<V>>> stateCodec() { return codec; }

    private static <V> void write(BinaryWriter out, TreeMap<Long, List<V>> state, ValueType<V> type) {
        out.writeLength(state.size());
        for (Map.Entry<Long, List<V>> entry : state.entrySet()) {
            out.writeFixedLong(entry.getKey());
            out.writeLength(entry.getValue().size());
            for (V value : entry.getValue()) {
                out.writeBoolean(value != null);
                if (value != null) {
                    type.write(out, value);
                }
            }
        }
    }

    private static <V> TreeMap<Long, List<V>> read(BinaryReader in, ValueType<V> type) {
        TreeMap<Long, List<V>> state = new TreeMap<>();
        int size = in.readLength(9);
        for (int i = 0; i < size; i++) {
            long key = in.readFixedLong();
            int count = in.readLength(1);
            List<V> values = new ArrayList<>(count);
            for (int v = 0; v < count; v++) {
                values.add(in.readBoolean() ? type.read(in) : null);
            }
            state.put(key, values);
        }
        return state;
    }
}
