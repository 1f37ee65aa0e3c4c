package dev.tideway.internal.engine.ops;

import dev.tideway.Aggregator;
import dev.tideway.Expr;
import dev.tideway.KeyedValue;
import dev.tideway.MergeableAggregator;
import dev.tideway.Reducer;
import dev.tideway.RetractingAggregator;
import dev.tideway.schema.BinaryReader;
import dev.tideway.schema.BinaryWriter;
import dev.tideway.schema.ValueType;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The engine's side of a {@link Reducer}: an {@link Accumulator} per group that feeds the reducer's
 * {@link Aggregator} the values of the group's rows. A {@link RetractingAggregator} takes each change
 * directly and its state is snapshotted with its codec; an add-only aggregator is fed additions, and
 * after a removal its state is computed again from the values the group holds, which the accumulator
 * keeps (and snapshots) for that.
 *
 * <p>The input expression is evaluated before anything changes, so its failure leaves the
 * accumulator as it was (the row can be withheld); the aggregator's failure while a row is added or
 * taken out is an {@link AggregatorFailureException}, which stops the run.
 */
public final class ReducerAccumulators {
    private ReducerAccumulators() {}

    /** A fresh accumulator of the reducer for one group. */
    @SuppressWarnings("unchecked")
    public static Accumulator of(Reducer<?> reducer) {
        Aggregator<Object, Object, Object> aggregator = (Aggregator<Object, Object, Object>) reducer.aggregator();
        if (aggregator instanceof RetractingAggregator<Object, Object, Object> retracting) {
            return new Retracting(reducer.toString(), reducer.input(), reducer.rowKeyed(), retracting);
        }
        return new Recomputing(reducer.toString(), reducer.input(), reducer.rowKeyed(), aggregator);
    }

    /**
     * Whether the reducer's accumulators {@linkplain Accumulator#merge merge}: its aggregator is a
     * {@link MergeableAggregator} and takes values alone (not row-keyed).
     */
    public static boolean mergeable(Reducer<?> reducer) {
        return reducer.aggregator() instanceof MergeableAggregator<?, ?, ?> && !reducer.rowKeyed();
    }

    /** The value the aggregator receives for a row: the input's value, with the row's key if asked. */
    private static Object valueOf(Expr<?> input, boolean rowKeyed, long key, Object row) {
        Object value = input.eval(row);
        return rowKeyed ? new KeyedValue<>(key, value) : value;
    }

    private static final class Retracting implements Accumulator {
        private final String name;
        private final Expr<?> input;
        private final boolean rowKeyed;
        private final RetractingAggregator<Object, Object, Object> aggregator;
        private Object state;

        Retracting(String name, Expr<?> input, boolean rowKeyed, RetractingAggregator<Object, Object, Object> aggregator) {
            this.name = name;
            this.input = input;
            this.rowKeyed = rowKeyed;
            this.aggregator = aggregator;
            this.state = aggregator.create();
        }

        @Override
        public void update(long key, Object row, int diff, long time) {
            Object value = valueOf(input, rowKeyed, key, row);
            try {
                for (int n = Math.abs(diff); n > 0; n--) {
                    state = diff > 0 ? aggregator.add(state, value) : aggregator.retract(state, value);
                }
            } catch (RuntimeException e) {
                throw new AggregatorFailureException(name, e);
            }
        }

        @Override
        @SuppressWarnings("unchecked")
        public void merge(Accumulator other, boolean retract) {
            if (!(aggregator instanceof MergeableAggregator<?, ?, ?> mergeable) || rowKeyed) {
                Accumulator.super.merge(other, retract);
                return;
            }
            MergeableAggregator<Object, Object, Object> merging = (MergeableAggregator<Object, Object, Object>) mergeable;
            Object taken = ((Retracting) other).state;
            try {
                state = retract ? merging.retractAll(state, taken) : merging.merge(state, taken);
            } catch (RuntimeException e) {
                throw new AggregatorFailureException(name, e);
            }
        }

        @Override
        public Object result() {
            return aggregator.result(state);
        }

        @Override
        public void snapshot(BinaryWriter out) {
            aggregator.stateCodec().write(out, state);
        }

        @Override
        public void restore(BinaryReader in) {
            state = aggregator.stateCodec().read(in);
        }
    }

    /**
     * An add-only aggregator: the group's values are kept as a multiset (by encoding, in the order
     * they first arrived); a removal marks the state stale, and the next result adds every value held
     * to a fresh state.
     */
    private static final class Recomputing implements Accumulator {
        private final String name;
        private final Expr<?> input;
        private final boolean rowKeyed;
        private final Aggregator<Object, Object, Object> aggregator;
        private final ValueType<Object> type;
        private final LinkedHashMap<ByteBuffer, Held> values = new LinkedHashMap<>();
        private final BinaryWriter scratch = new BinaryWriter(64);
        private Object state;
        private boolean stale;

        private static final class Held {
            final long key;
            final Object value;
            int count;

            Held(long key, Object value) {
                this.key = key;
                this.value = value;
            }
        }

        @SuppressWarnings("unchecked")
        Recomputing(String name, Expr<?> input, boolean rowKeyed, Aggregator<Object, Object, Object> aggregator) {
            this.name = name;
            this.input = input;
            this.rowKeyed = rowKeyed;
            this.aggregator = aggregator;
            this.type = (ValueType<Object>) input.type();
            this.state = aggregator.create();
        }

        @Override
        public void update(long key, Object row, int diff, long time) {
            Object value = input.eval(row);
            ByteBuffer encoded = encode(key, value);
            if (diff > 0) {
                values.computeIfAbsent(encoded, k -> new Held(key, value)).count += diff;
                if (!stale) {
                    Object given = rowKeyed ? new KeyedValue<>(key, value) : value;
                    try {
                        for (int n = diff; n > 0; n--) {
                            state = aggregator.add(state, given);
                        }
                    } catch (RuntimeException e) {
                        throw new AggregatorFailureException(name, e);
                    }
                }
                return;
            }
            Held held = values.get(encoded);
            if (held == null) {
                throw new IllegalStateException("retraction of a value the group does not hold: " + value);
            }
            held.count += diff;
            if (held.count <= 0) {
                values.remove(encoded);
            }
            stale = true;
        }

        private ByteBuffer encode(long key, Object value) {
            scratch.reset();
            if (rowKeyed) {
                scratch.writeFixedLong(key);
            }
            scratch.writeBoolean(value != null);
            if (value != null) {
                type.write(scratch, value);
            }
            return ByteBuffer.wrap(scratch.toByteArray());
        }

        @Override
        public Object result() {
            if (stale) {
                state = aggregator.create();
                for (Held held : values.values()) {
                    Object given = rowKeyed ? new KeyedValue<>(held.key, held.value) : held.value;
                    for (int n = held.count; n > 0; n--) {
                        state = aggregator.add(state, given);
                    }
                }
                stale = false;
            }
            return aggregator.result(state);
        }

        @Override
        public void snapshot(BinaryWriter out) {
            out.writeLength(values.size());
            for (Map.Entry<ByteBuffer, Held> entry : values.entrySet()) {
                out.writeBytes(entry.getKey().array());
                out.writeLength(entry.getValue().count);
            }
        }

        @Override
        public void restore(BinaryReader in) {
            values.clear();
            int size = in.readLength(2);
            for (int i = 0; i < size; i++) {
                byte[] encoded = in.readBytes();
                BinaryReader value = new BinaryReader(encoded);
                long key = rowKeyed ? value.readFixedLong() : 0L;
                Held held = new Held(key, value.readBoolean() ? type.read(value) : null);
                held.count = in.readLength(0);
                values.put(ByteBuffer.wrap(encoded), held);
            }
            stale = true;
        }
    }

}
