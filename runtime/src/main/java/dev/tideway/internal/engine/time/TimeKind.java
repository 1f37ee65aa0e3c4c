package dev.tideway.internal.engine.time;

import dev.tideway.Expr;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The types an event-time column may have, and how their values become ticks, the {@code long}s the
 * operators compare: nanoseconds since the epoch for {@code Instant}, {@code LocalDateTime} (read as
 * UTC) and {@code LocalDate} (its midnight, UTC), the value itself for {@code long}.
 */
public enum TimeKind {
    LONG(false), INSTANT(true), LOCAL_DATE_TIME(true), LOCAL_DATE(true);

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long NANOS_PER_DAY = 86_400L * NANOS_PER_SECOND;

    private final boolean temporal;

    TimeKind(boolean temporal) {
        this.temporal = temporal;
    }

    /** Whether lengths over this kind are Durations (true) or longs. */
    public boolean temporal() {
        return temporal;
    }

    /** The kind of an event-time expression; anything else is refused with what is accepted. */
    public static TimeKind of(Expr<?> time, String operator) {
        String descriptor = time.type().descriptor();
        String base = descriptor.startsWith("nullable<") ? descriptor.substring("nullable<".length(), descriptor.length() - 1) : descriptor;
        return switch (base) {
            case "long" -> LONG;
            case "instant" -> INSTANT;
            case "datetime" -> LOCAL_DATE_TIME;
            case "date" -> LOCAL_DATE;
            default -> throw new IllegalArgumentException(operator + ": the event-time column " + time + " holds " + descriptor
                    + " values; event time is an Instant, a LocalDateTime, a LocalDate or a long");
        };
    }

    /** The ticks of a value of this kind. */
    public long ticks(Object value) {
        return switch (this) {
            case LONG -> (Long) value;
            case INSTANT -> nanos((Instant) value);
            case LOCAL_DATE_TIME -> nanos(((LocalDateTime) value).toInstant(ZoneOffset.UTC));
            case LOCAL_DATE -> nanos((LocalDate) value);
        };
    }

    private static long nanos(Instant instant) {
        try {
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), NANOS_PER_SECOND), instant.getNano());
        } catch (ArithmeticException e) {
            throw outOfRange(instant, e);
        }
    }

    private static long nanos(LocalDate date) {
        try {
            return Math.multiplyExact(date.toEpochDay(), NANOS_PER_DAY);
        } catch (ArithmeticException e) {
            throw outOfRange(date, e);
        }
    }

    private static IllegalArgumentException outOfRange(Object time, ArithmeticException e) {
        return new IllegalArgumentException("event time " + time + " is outside 1677-09-21..2262-04-11, the times that nanoseconds"
                + " since the epoch count", e);
    }

    /** The value of this kind at {@code ticks}. */
    public Object value(long ticks) {
        return switch (this) {
            case LONG -> ticks;
            case INSTANT -> Instant.ofEpochSecond(Math.floorDiv(ticks, NANOS_PER_SECOND), Math.floorMod(ticks, NANOS_PER_SECOND));
            case LOCAL_DATE_TIME -> LocalDateTime.ofEpochSecond(Math.floorDiv(ticks, NANOS_PER_SECOND),
                    (int) Math.floorMod(ticks, NANOS_PER_SECOND), ZoneOffset.UTC);
            case LOCAL_DATE -> LocalDate.ofEpochDay(Math.floorDiv(ticks, NANOS_PER_DAY));
        };
    }

    /** Ticks for a message. */
    public String format(long ticks) {
        if (ticks == EventClock.NONE) {
            return "none yet";
        }
        return String.valueOf(value(ticks));
    }
}
