package dev.tideway;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * The sums and the mean, one aggregator per numeric type. Nulls are skipped; a group with no
 * non-null value sums to zero. Integer sums overflow as Java's {@code +} does; decimal and duration
 * sums are exact. The double sums add and subtract in arrival order, so an incremental sum may differ
 * from a sum computed from scratch in the last bits, as any floating-point sum does.
 */
final class Sums {
    private Sums() {}

    /** A long sum of integral numbers; state: the sum. */
    static final class OfLong implements MergeableAggregator<Number, long[], Long> {
        static final OfLong INSTANCE = new OfLong();
        static final StateCodec<long[]> CODEC = StateCodec.of((out, s) -> out.writeLong(s[0]), in -> new long[] {in.readLong()});

        @Override public long[] create() { return new long[1]; }
        @Override public long[] add(long[] s, Number v) { if (v != null) { s[0] += v.longValue(); } return s; }
        @Override public long[] retract(long[] s, Number v) { if (v != null) { s[0] -= v.longValue(); } return s; }
        @Override public long[] merge(long[] s, long[] other) { s[0] += other[0]; return s; }
        @Override public long[] retractAll(long[] s, long[] other) { s[0] -= other[0]; return s; }
        @Override public Long result(long[] s) { return s[0]; }
        @Override public StateCodec<long[]> stateCodec() { return CODEC; }
    }

    /** An int sum, kept as a long (the snapshot format of the int sum) and narrowed as Java's {@code (int)} does. */
    static final class OfInt implements MergeableAggregator<Integer, long[], Integer> {
        static final OfInt INSTANCE = new OfInt();

        @Override public long[] create() { return new long[1]; }
        @Override public long[] add(long[] s, Integer v) { if (v != null) { s[0] += v; } return s; }
        @Override public long[] retract(long[] s, Integer v) { if (v != null) { s[0] -= v; } return s; }
        @Override public long[] merge(long[] s, long[] other) { return OfLong.INSTANCE.merge(s, other); }
        @Override public long[] retractAll(long[] s, long[] other) { return OfLong.INSTANCE.retractAll(s, other); }
        @Override public Integer result(long[] s) { return (int) s[0]; }
        @Override public StateCodec<long[]> stateCodec() { return OfLong.CODEC; }
    }

    /** The sum and count of numbers as doubles; state: {sum, count}. Gives the sum, or the mean. */
    static final class OfDouble implements MergeableAggregator<Number, double[], Double> {
        static final OfDouble SUM = new OfDouble(false);
        static final OfDouble MEAN = new OfDouble(true);
        static final StateCodec<double[]> CODEC = StateCodec.of((out, s) -> {
            out.writeDouble(s[0]);
            out.writeLong((long) s[1]);
        }, in -> new double[] {in.readDouble(), in.readLong()});

        private final boolean mean;

        private OfDouble(boolean mean) {
            this.mean = mean;
        }

        @Override public double[] create() { return new double[2]; }
        @Override public double[] add(double[] s, Number v) {
            if (v != null) {
                s[0] += v.doubleValue();
                s[1]++;
            }
            return s;
        }
        @Override public double[] retract(double[] s, Number v) {
            if (v != null) {
                s[0] -= v.doubleValue();
                if (--s[1] == 0) {
                    s[0] = 0.0;   // no value left: drop the rounding residue of adding and removing
                }
            }
            return s;
        }
        @Override public double[] merge(double[] s, double[] other) {
            s[0] += other[0];
            s[1] += other[1];
            return s;
        }
        @Override public double[] retractAll(double[] s, double[] other) {
            s[0] -= other[0];
            s[1] -= other[1];
            if (other[1] > 0 && s[1] == 0) {
                s[0] = 0.0;   // as retract: no value left
            }
            return s;
        }
        @Override public Double result(double[] s) {
            if (mean) {
                return s[1] == 0 ? null : s[0] / s[1];
            }
            return s[1] == 0 ? 0.0 : s[0];
        }
        @Override public StateCodec<double[]> stateCodec() { return CODEC; }
    }

    /** A float sum, added up as a double and narrowed. */
    static final class OfFloat implements MergeableAggregator<Float, double[], Float> {
        static final OfFloat INSTANCE = new OfFloat();

        @Override public double[] create() { return new double[2]; }
        @Override public double[] add(double[] s, Float v) { return OfDouble.SUM.add(s, v); }
        @Override public double[] retract(double[] s, Float v) { return OfDouble.SUM.retract(s, v); }
        @Override public double[] merge(double[] s, double[] other) { return OfDouble.SUM.merge(s, other); }
        @Override public double[] retractAll(double[] s, double[] other) { return OfDouble.SUM.retractAll(s, other); }
        @Override public Float result(double[] s) { return (float) s[0]; }
        @Override public StateCodec<double[]> stateCodec() { return OfDouble.CODEC; }
    }

    /** An exact decimal sum; state: the sum (its scale the largest of the values'). */
    static final class OfDecimal implements MergeableAggregator<BigDecimal, BigDecimal[], BigDecimal> {
        static final OfDecimal INSTANCE = new OfDecimal();
        private static final StateCodec<BigDecimal[]> CODEC = StateCodec.of((out, s) -> out.writeString(s[0].toString()),
                in -> new BigDecimal[] {new BigDecimal(in.readString())});

        @Override public BigDecimal[] create() { return new BigDecimal[] {BigDecimal.ZERO}; }
        @Override public BigDecimal[] add(BigDecimal[] s, BigDecimal v) { if (v != null) { s[0] = s[0].add(v); } return s; }
        @Override public BigDecimal[] retract(BigDecimal[] s, BigDecimal v) { if (v != null) { s[0] = s[0].subtract(v); } return s; }
        @Override public BigDecimal[] merge(BigDecimal[] s, BigDecimal[] other) { s[0] = s[0].add(other[0]); return s; }
        @Override public BigDecimal[] retractAll(BigDecimal[] s, BigDecimal[] other) { s[0] = s[0].subtract(other[0]); return s; }
        @Override public BigDecimal result(BigDecimal[] s) { return s[0]; }
        @Override public StateCodec<BigDecimal[]> stateCodec() { return CODEC; }
    }

    /** An exact sum of durations; state: seconds and nanoseconds. */
    static final class OfDuration implements MergeableAggregator<Duration, Duration[], Duration> {
        static final OfDuration INSTANCE = new OfDuration();
        private static final StateCodec<Duration[]> CODEC = StateCodec.of((out, s) -> {
            out.writeLong(s[0].getSeconds());
            out.writeInt(s[0].getNano());
        }, in -> new Duration[] {Duration.ofSeconds(in.readLong(), in.readInt())});

        @Override public Duration[] create() { return new Duration[] {Duration.ZERO}; }
        @Override public Duration[] add(Duration[] s, Duration v) { if (v != null) { s[0] = s[0].plus(v); } return s; }
        @Override public Duration[] retract(Duration[] s, Duration v) { if (v != null) { s[0] = s[0].minus(v); } return s; }
        @Override public Duration[] merge(Duration[] s, Duration[] other) { s[0] = s[0].plus(other[0]); return s; }
        @Override public Duration[] retractAll(Duration[] s, Duration[] other) { s[0] = s[0].minus(other[0]); return s; }
        @Override public Duration result(Duration[] s) { return s[0]; }
        @Override public StateCodec<Duration[]> stateCodec() { return CODEC; }
    }
}
