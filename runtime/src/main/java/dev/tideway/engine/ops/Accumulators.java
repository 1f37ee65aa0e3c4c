package dev.tideway.engine.ops;

import dev.tideway.Expr;
import dev.tideway.schema.BinaryReader;
import dev.tideway.schema.BinaryWriter;
import dev.tideway.schema.ValueType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The accumulators behind {@link dev.tideway.Reducers}. */
public final class Accumulators {
    private Accumulators() {}

    /** The number of rows. */
    public static final class Count implements Accumulator {
        private long count;

        @Override public void update(long key, Object row, int diff, long time) { count += diff; }
        @Override public Object result() { return count; }
        @Override public void snapshot(BinaryWriter out) { out.writeLong(count); }
        @Override public void restore(BinaryReader in) { count = in.readLong(); }
    }

    /** The sum of a long expression; nulls are skipped. */
    public static final class LongSum implements Accumulator {
        private final Expr<? extends Number> expr;
        private long sum;

        public LongSum(Expr<? extends Number> expr) { this.expr = expr; }

        @Override public void update(long key, Object row, int diff, long time) {
            Number value = expr.eval(row);
            if (value != null) {
                sum += diff * value.longValue();
            }
        }
        @Override public Object result() { return sum; }
        @Override public void snapshot(BinaryWriter out) { out.writeLong(sum); }
        @Override public void restore(BinaryReader in) { sum = in.readLong(); }
    }

    /** The sum of an int expression. */
    public static final class IntSum implements Accumulator {
        private final LongSum sum;

        public IntSum(Expr<Integer> expr) { this.sum = new LongSum(expr); }

        @Override public void update(long key, Object row, int diff, long time) { sum.update(key, row, diff, time); }
        @Override public Object result() { return (int) (long) (Long) sum.result(); }
        @Override public void snapshot(BinaryWriter out) { sum.snapshot(out); }
        @Override public void restore(BinaryReader in) { sum.restore(in); }
    }

    /** The sum and count of a numeric expression: sum (as double) and average. */
    public static final class DoubleSum implements Accumulator {
        private final Expr<? extends Number> expr;
        private final boolean average;
        private double sum;
        private long count;

        public DoubleSum(Expr<? extends Number> expr, boolean average) {
            this.expr = expr;
            this.average = average;
        }

        @Override public void update(long key, Object row, int diff, long time) {
            Number value = expr.eval(row);
            if (value != null) {
                sum += diff * value.doubleValue();
                count += diff;
            }
        }
        @Override public Object result() {
            if (!average) {
                return count == 0 ? 0.0 : sum;
            }
            return count == 0 ? null : sum / count;
        }
        @Override public void snapshot(BinaryWriter out) {
            out.writeDouble(sum);
            out.writeLong(count);
        }
        @Override public void restore(BinaryReader in) {
            sum = in.readDouble();
            count = in.readLong();
        }
    }

    /**
     * A multiset of values in order: min, max, sorted tuple, count of distinct values. Retracting a
     * row removes one occurrence of its value.
     */
    public static final class SortedValues<V> implements Accumulator {
        /** What the accumulator gives. */
        public enum Output { MIN, MAX, SORTED, DISTINCT_COUNT }

        private final Expr<V> expr;
        private final ValueType<V> type;
        private final Output output;
        private final TreeMap<V, int[]> counts;

        public SortedValues(Expr<V> expr, Output output) {
            this.expr = expr;
            this.type = expr.type();
            this.output = output;
            Comparator<? super V> order = type.comparator();
            if (order == null) {
                throw new IllegalArgumentException("values of type " + type + " have no order, so " + output.name().toLowerCase(java.util.Locale.ROOT)
                        + "(" + expr + ") is not allowed");
            }
            this.counts = new TreeMap<>(order);
        }

        @Override public void update(long key, Object row, int diff, long time) {
            V value = expr.eval(row);
            if (value == null) {
                return;
            }
            int[] count = counts.computeIfAbsent(value, v -> new int[1]);
            count[0] += diff;
            if (count[0] <= 0) {
                counts.remove(value);
            }
        }

        @Override public Object result() {
            return switch (output) {
                case MIN -> counts.isEmpty() ? null : counts.firstKey();
                case MAX -> counts.isEmpty() ? null : counts.lastKey();
                case DISTINCT_COUNT -> (long) counts.size();
                case SORTED -> {
                    List<V> values = new ArrayList<>();
                    for (Map.Entry<V, int[]> entry : counts.entrySet()) {
                        for (int i = 0; i < entry.getValue()[0]; i++) {
                            values.add(entry.getKey());
                        }
                    }
                    yield Collections.unmodifiableList(values);
                }
            };
        }

        @Override public void snapshot(BinaryWriter out) {
            out.writeLength(counts.size());
            for (Map.Entry<V, int[]> entry : counts.entrySet()) {
                type.write(out, entry.getKey());
                out.writeLength(entry.getValue()[0]);
            }
        }

        @Override public void restore(BinaryReader in) {
            counts.clear();
            int size = in.readLength(1);
            for (int i = 0; i < size; i++) {
                V value = type.read(in);
                counts.put(value, new int[] {in.readLength(0)});
            }
        }
    }

    /** The value of the row that arrived first (earliest) or last (latest) among the rows held. */
    public static final class ByArrival<V> implements Accumulator {
        private final Expr<V> expr;
        private final ValueType<V> type;
        private final boolean latest;
        /**
         * The rows held, in arrival order, as (row key, value). A retraction removes the most recent
         * arrival of its own row (same key and value), not merely of an equal value: removing another
         * row's arrival would change which row is earliest.
         */
        private final List<Arrival> arrivals = new ArrayList<>();

        private record Arrival(long key, Object value) {}

        public ByArrival(Expr<V> expr, boolean latest) {
            this.expr = expr;
            this.type = expr.type();
            this.latest = latest;
        }

        @Override public void update(long key, Object row, int diff, long time) {
            V value = expr.eval(row);
            if (diff > 0) {
                arrivals.add(new Arrival(key, value));
                return;
            }
            for (int i = arrivals.size() - 1; i >= 0; i--) {
                Arrival arrival = arrivals.get(i);
                if (arrival.key == key && dev.tideway.engine.RowEquality.equal(arrival.value, value)) {
                    arrivals.remove(i);
                    return;
                }
            }
        }

        @Override public Object result() {
            if (arrivals.isEmpty()) {
                return null;
            }
            return (latest ? arrivals.get(arrivals.size() - 1) : arrivals.get(0)).value;
        }

        @Override public void snapshot(BinaryWriter out) {
            out.writeLength(arrivals.size());
            for (Arrival arrival : arrivals) {
                out.writeFixedLong(arrival.key);
                @SuppressWarnings("unchecked")
                V value = (V) arrival.value;
                out.writeBoolean(value != null);
                if (value != null) {
                    type.write(out, value);
                }
            }
        }

        @Override public void restore(BinaryReader in) {
            arrivals.clear();
            int size = in.readLength(9);
            for (int i = 0; i < size; i++) {
                long key = in.readFixedLong();
                V value = in.readBoolean() ? type.read(in) : null;
                arrivals.add(new Arrival(key, value));
            }
        }
    }

    /**
     * Updates every accumulator of a group with one row, all or none: when one fails (the user's
     * expression throws), those updated before it are updated back, and the failure is returned.
     *
     * @return null when every accumulator took the row, or what the failing one threw
     * @throws IllegalStateException if updating back fails too
     */
    public static RuntimeException updateAll(Accumulator[] accumulators, long key, Object row, int diff, long time) {
        for (int a = 0; a < accumulators.length; a++) {
            try {
                accumulators[a].update(key, row, diff, time);
            } catch (RuntimeException e) {
                for (int back = a - 1; back >= 0; back--) {
                    try {
                        accumulators[back].update(key, row, -diff, time);
                    } catch (RuntimeException again) {
                        IllegalStateException broken = new IllegalStateException("cannot take back a row that a reducer failed on: " + again, again);
                        broken.addSuppressed(e);
                        throw broken;
                    }
                }
                return e;
            }
        }
        return null;
    }
}
