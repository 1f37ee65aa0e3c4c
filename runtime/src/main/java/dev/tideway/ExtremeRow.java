package dev.tideway;

import dev.tideway.internal.engine.RowEquality;
import dev.tideway.schema.BinaryReader;
import dev.tideway.schema.BinaryWriter;
import dev.tideway.schema.ValueType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The row of a group with the least (or greatest) value of an expression {@code by}: its key
 * ({@code argMin}, {@code argMax}, as Pathway's, which give the row's id) or the value of another
 * expression {@code of} on it ({@code argMin(by, of)}, {@code latestBy(time, of)}). Rows whose
 * {@code by} is null are skipped. Ties go to the row with the least key, so the result depends only on
 * the rows held, not on the order they came in.
 *
 * <p>State: the rows held, ordered by ({@code by}, key), each with its {@code of} values.
 *
 * @param <B> the type of the compared values
 * @param <O> the type of the values given
 * @param <R> the type of the result: {@code Long} for the row's key, {@code O} otherwise
 */
final class ExtremeRow<B, O, R> implements RetractingAggregator<KeyedValue<Pair<B, O>>, TreeMap<ExtremeRow.Slot<B>, List<O>>, R> {
    /** A row's place in the order. */
    record Slot<B>(B by, long rowKey) {}

    private final Comparator<Slot<B>> order;
    private final boolean giveKey;
    private final StateCodec<TreeMap<Slot<B>, List<O>>> codec;

    /**
     * @param greatest whether the greatest {@code by} is wanted (else the least)
     * @param giveKey whether the result is the row's key (else its {@code of} value)
     */
    ExtremeRow(String name, ValueType<B> byType, ValueType<O> ofType, boolean greatest, boolean giveKey) {
        Comparator<B> byOrder = ValueOrder.required(byType, name);
        Comparator<B> wanted = greatest ? byOrder.reversed() : byOrder;
        this.order = Comparator.<Slot<B>, B>comparing(Slot::by, wanted).thenComparingLong(Slot::rowKey);
        this.giveKey = giveKey;
        this.codec = StateCodec.of((out, state) -> write(out, state, byType, ofType), in -> read(in, byType, ofType));
    }

    @Override public TreeMap<Slot<B>, List<O>> create() { return new TreeMap<>(order); }

    @Override public TreeMap<Slot<B>, List<O>> add(TreeMap<Slot<B>, List<O>> state, KeyedValue<Pair<B, O>> value) {
        Pair<B, O> pair = value.value();
        if (pair.first() != null) {
            state.computeIfAbsent(new Slot<>(pair.first(), value.rowKey()), s -> new ArrayList<>(1)).add(pair.second());
        }
        return state;
    }

    @Override public TreeMap<Slot<B>, List<O>> retract(TreeMap<Slot<B>, List<O>> state, KeyedValue<Pair<B, O>> value) {
        Pair<B, O> pair = value.value();
        if (pair.first() == null) {
            return state;
        }
        Slot<B> slot = new Slot<>(pair.first(), value.rowKey());
        List<O> values = state.get(slot);
        if (values != null) {
            for (int i = values.size() - 1; i >= 0; i--) {
                if (RowEquality.equal(values.get(i), pair.second())) {
                    values.remove(i);
                    break;
                }
            }
            if (values.isEmpty()) {
                state.remove(slot);
            }
        }
        return state;
    }

    @Override
    @SuppressWarnings("unchecked")
    public R result(TreeMap<Slot<B>, List<O>> state) {
        if (state.isEmpty()) {
            return null;
        }
        Map.Entry<Slot<B>, List<O>> first = state.firstEntry();
        return (R) (giveKey ? (Object) first.getKey().rowKey() : first.getValue().get(0));
    }

    @Override public StateCodec<TreeMap<Slot<B>, List<O>>> stateCodec() { return codec; }

    private static <B, O> void write(BinaryWriter out, TreeMap<Slot<B>, List<O>> state, ValueType<B> byType, ValueType<O> ofType) {
        out.writeLength(state.size());
        for (Map.Entry<Slot<B>, List<O>> entry : state.entrySet()) {
            byType.write(out, entry.getKey().by());
            out.writeFixedLong(entry.getKey().rowKey());
            out.writeLength(entry.getValue().size());
            for (O value : entry.getValue()) {
                out.writeBoolean(value != null);
                if (value != null) {
                    ofType.write(out, value);
                }
            }
        }
    }

    private TreeMap<Slot<B>, List<O>> read(BinaryReader in, ValueType<B> byType, ValueType<O> ofType) {
        TreeMap<Slot<B>, List<O>> state = create();
        int size = in.readLength(10);
        for (int i = 0; i < size; i++) {
            B by = byType.read(in);
            long key = in.readFixedLong();
            int count = in.readLength(1);
            List<O> values = new ArrayList<>(count);
            for (int v = 0; v < count; v++) {
                values.add(in.readBoolean() ? ofType.read(in) : null);
            }
            state.put(new Slot<>(by, key), values);
        }
        return state;
    }
}
