package dev.tideway;

import dev.tideway.schema.ValueType;
import dev.tideway.schema.ValueTypes;
import java.time.Duration;

/**
 * Functions of {@link Duration}s: whole units, construction from numbers, and arithmetic. A function
 * of a null value gives null; an overflow stops the run with {@link ArithmeticException}, as
 * {@link Duration}'s own methods do.
 *
 * <pre>{@code
 * trips.filter(Durations.toMinutes(DateTimes.between(Trip_.start, Trip_.end)).gt(30L))
 * }</pre>
 */
public final class Durations {
    private Durations() {}

    private static final ValueType<Long> LONG = ValueTypes.nullable(ValueTypes.LONG);
    private static final ValueType<Duration> DURATION = ValueTypes.nullable(ValueTypes.DURATION);

    /** Whole milliseconds (truncated toward zero, as {@link Duration#toMillis}). */
    public static Expr<Long> toMillis(Expr<Duration> d) {
        return Operation.unary(LONG, "durations.toMillis", d, Duration::toMillis);
    }

    /** Whole seconds (floored, as {@link Duration#getSeconds}). */
    public static Expr<Long> toSeconds(Expr<Duration> d) {
        return Operation.unary(LONG, "durations.toSeconds", d, Duration::getSeconds);
    }

    /** Whole minutes (truncated toward zero). */
    public static Expr<Long> toMinutes(Expr<Duration> d) {
        return Operation.unary(LONG, "durations.toMinutes", d, Duration::toMinutes);
    }

    /** Whole hours (truncated toward zero). */
    public static Expr<Long> toHours(Expr<Duration> d) {
        return Operation.unary(LONG, "durations.toHours", d, Duration::toHours);
    }

    /** Whole days of 24 hours (truncated toward zero). */
    public static Expr<Long> toDays(Expr<Duration> d) {
        return Operation.unary(LONG, "durations.toDays", d, Duration::toDays);
    }

    /** The duration in seconds, with its fraction. */
    public static Expr<Double> toSecondsDouble(Expr<Duration> d) {
        return Operation.unary(ValueTypes.nullable(ValueTypes.DOUBLE), "durations.toSecondsDouble", d, x -> x.getSeconds() + x.getNano() / 1e9);
    }

    /** A duration of this many milliseconds. */
    public static Expr<Duration> ofMillis(Expr<Long> millis) {
        return Operation.unary(DURATION, "durations.ofMillis", millis, Duration::ofMillis);
    }

    /** A duration of this many seconds. */
    public static Expr<Duration> ofSeconds(Expr<Long> seconds) {
        return Operation.unary(DURATION, "durations.ofSeconds", seconds, Duration::ofSeconds);
    }

    /** The sum of two durations. */
    public static Expr<Duration> plus(Expr<Duration> a, Expr<Duration> b) {
        return Operation.binary(DURATION, "durations.plus", a, b, Duration::plus);
    }

    /** The difference of two durations. */
    public static Expr<Duration> minus(Expr<Duration> a, Expr<Duration> b) {
        return Operation.binary(DURATION, "durations.minus", a, b, Duration::minus);
    }

    /** The duration multiplied by a number. */
    public static Expr<Duration> times(Expr<Duration> d, Expr<Long> factor) {
        return Operation.binary(DURATION, "durations.times", d, factor, Duration::multipliedBy);
    }

    /** The duration divided by a number (truncated to nanoseconds); division by zero gives null. */
    public static Expr<Duration> dividedBy(Expr<Duration> d, Expr<Long> divisor) {
        return Operation.binary(DURATION, "durations.dividedBy", d, divisor, (x, n) -> n == 0 ? null : x.dividedBy(n));
    }

    /** The duration with its sign changed. */
    public static Expr<Duration> negate(Expr<Duration> d) {
        return Operation.unary(DURATION, "durations.negate", d, Duration::negated);
    }

    /** The duration without its sign. */
    public static Expr<Duration> abs(Expr<Duration> d) {
        return Operation.unary(DURATION, "durations.abs", d, Duration::abs);
    }
}
