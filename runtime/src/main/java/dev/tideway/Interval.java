package dev.tideway;

import java.time.Duration;
import java.time.temporal.Temporal;

/**
 * The bounds of an {@link Table#intervalJoin interval join}, as Pathway's
 * {@code pw.temporal.interval(lower, upper)}: a left row at time {@code t} joins the right rows whose
 * time is within {@code [t + lower, t + upper]}, both ends included. The type parameter is the time
 * column's, checked by javac as for {@link Window}.
 *
 * <pre>{@code Interval.of(Duration.ofSeconds(-5), Duration.ofSeconds(5)) }</pre>
 *
 * <p>{@code of} throws {@link IllegalArgumentException} when the lower bound is above the upper.
 * Immutable and thread-safe.
 *
 * @param <V> the type of the event-time columns
 */
public final class Interval<V> {
    private final boolean temporal;
    private final long lower;
    private final long upper;

    private Interval(boolean temporal, long lower, long upper) {
        if (lower > upper) {
            throw new IllegalArgumentException("the interval's lower bound " + Spans.describe(temporal, lower)
                    + " is above its upper bound " + Spans.describe(temporal, upper));
        }
        this.temporal = temporal;
        this.lower = lower;
        this.upper = upper;
    }

    /** {@code [t + lower, t + upper]} for {@code Instant}, {@code LocalDateTime} or {@code LocalDate} time columns. */
    public static <V extends Temporal & Comparable<? super V>> Interval<V> of(Duration lower, Duration upper) {
        return new Interval<>(true, Spans.nanos(lower, "the lower bound"), Spans.nanos(upper, "the upper bound"));
    }

    /** {@code [t + lower, t + upper]} for {@code long} time columns. */
    public static Interval<Long> of(long lower, long upper) {
        return new Interval<>(false, lower, upper);
    }

    /** Whether the bounds are Durations (nanoseconds) rather than longs. */
    public boolean temporal() {
        return temporal;
    }

    /** The lower bound, in ticks. */
    public long lower() {
        return lower;
    }

    /** The upper bound, in ticks. */
    public long upper() {
        return upper;
    }

    /** The interval as canonical text, for operator identity: its bounds in ticks (nanoseconds for Durations). */
    public String canonicalForm() {
        return "interval[" + (temporal ? "nanos" : "long") + "](" + lower + "," + upper + ")";
    }

    @Override
    public String toString() {
        return "[" + Spans.describe(temporal, lower) + ", " + Spans.describe(temporal, upper) + "]";
    }
}
