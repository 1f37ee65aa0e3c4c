package dev.tideway;

import java.time.Duration;
import java.util.Objects;

/**
 * Lengths of event time as the engine counts them: a {@link Duration} in nanoseconds (event time of
 * {@code Instant}, {@code LocalDateTime} and {@code LocalDate} columns is counted in nanoseconds since
 * the epoch, as Pathway counts datetimes), a {@code long} as it is (for {@code long} time columns).
 */
final class Spans {
    private Spans() {}

    /** The duration in nanoseconds; a duration too long to count in nanoseconds (about 292 years) is refused. */
    static long nanos(Duration duration, String what) {
        Objects.requireNonNull(duration, what);
        try {
            return duration.toNanos();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(what + " " + duration + " is too long: event-time lengths are counted in"
                    + " nanoseconds, up to about 292 years", e);
        }
    }

    /** Requires a length that is not negative. */
    static long notNegative(long length, String what) {
        if (length < 0) {
            throw new IllegalArgumentException(what + " must not be negative, not " + length);
        }
        return length;
    }

    /** Requires a length that is positive. */
    static long positive(long length, String what) {
        if (length <= 0) {
            throw new IllegalArgumentException(what + " must be positive, not " + length);
        }
        return length;
    }

    static String describe(boolean temporal, long ticks) {
        return temporal ? Duration.ofNanos(ticks).toString() : Long.toString(ticks);
    }
}
