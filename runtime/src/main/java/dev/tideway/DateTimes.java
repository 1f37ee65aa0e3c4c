package dev.tideway;

import dev.tideway.internal.engine.identity.Canonical;
import dev.tideway.schema.ValueType;
import dev.tideway.schema.ValueTypes;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.time.temporal.Temporal;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalAdjusters;
import java.time.temporal.TemporalField;
import java.util.List;

/**
 * Date and time functions on {@link Instant}, {@link LocalDate} and {@link LocalDateTime} values, as
 * Pathway's {@code .dt} namespace: floor and truncate to a unit, add and subtract durations,
 * differences, fields, time zones, epoch numbers and formatting (parsing is in {@link Strings}).
 *
 * <pre>{@code
 * import static dev.tideway.DateTimes.*;
 *
 * orders.groupBy(floor(Order_.at, Duration.ofHours(1)))          // hourly buckets of an Instant
 *       .reduce(Hourly_.of(floor(Order_.at, Duration.ofHours(1)), Reducers.count()));
 * orders.select(Local_.of(Order_.id, toLocal(Order_.at, ZoneId.of("Europe/Oslo")),
 *         format(toLocal(Order_.at, ZoneId.of("Europe/Oslo")), "yyyy-MM-dd HH:mm")));
 * }</pre>
 *
 * <p>A function of a null value gives null. Arguments that cannot work for a type (a duration of
 * hours added to a date, a zone-less instant truncated to months) are refused when the expression is
 * built, with an {@link IllegalArgumentException} that says what to use instead. Local date-times and
 * dates have no zone: {@link #toInstant} places them in one, choosing the earlier offset in an
 * overlap and moving forward across a gap, as {@link ZonedDateTime#of} does. Thread-safe.
 */
public final class DateTimes {
    private DateTimes() {}

    private static final LocalDateTime LOCAL_EPOCH = LocalDateTime.of(1970, 1, 1, 0, 0);

    // ---- floor and truncate ----

    /**
     * The greatest multiple of {@code step} at or before the value, counted from the epoch
     * (1970-01-01T00:00Z for instants, 1970-01-01T00:00 for local values): as Pathway's
     * {@code dt.floor}, the start of the value's tumbling window of that length.
     *
     * @throws IllegalArgumentException when {@code step} is not positive, or not whole days for a date
     */
    public static <T extends Temporal> Expr<T> floor(Expr<T> t, Duration step) {
        if (step.isNegative() || step.isZero()) {
            throw new IllegalArgumentException("floor(" + t + ", " + step + "): the step must be positive");
        }
        long stepNanos = step.toNanos();
        String kind = kind(t);
        if (kind.equals("date") && step.toNanos() % Duration.ofDays(1).toNanos() != 0) {
            throw new IllegalArgumentException("floor(" + t + ", " + step + "): a date has no time of day; floor it by whole days");
        }
        return Operation.withConstants(t.type(), "datetimes.floor", t, List.of(step), value -> cast(floorValue(value, stepNanos)));
    }

    private static Temporal floorValue(Temporal value, long stepNanos) {
        if (value instanceof Instant instant) {
            return floorInstant(instant, stepNanos);
        }
        if (value instanceof LocalDateTime local) {
            Duration since = Duration.between(LOCAL_EPOCH, local);
            Instant asInstant = Instant.ofEpochSecond(since.getSeconds(), since.getNano());
            Instant floored = floorInstant(asInstant, stepNanos);
            return LocalDateTime.ofEpochSecond(floored.getEpochSecond(), floored.getNano(), ZoneOffset.UTC);
        }
        LocalDate date = (LocalDate) value;
        long days = stepNanos / Duration.ofDays(1).toNanos();
        return LocalDate.ofEpochDay(Math.floorDiv(date.toEpochDay(), days) * days);
    }

    private static Instant floorInstant(Instant instant, long stepNanos) {
        // exact in 128 bits: seconds * 1e9 + nanos, floored to a multiple of the step
        java.math.BigInteger nanos = java.math.BigInteger.valueOf(instant.getEpochSecond()).multiply(java.math.BigInteger.valueOf(1_000_000_000L))
                .add(java.math.BigInteger.valueOf(instant.getNano()));
        java.math.BigInteger step = java.math.BigInteger.valueOf(stepNanos);
        java.math.BigInteger[] division = nanos.divideAndRemainder(step);
        java.math.BigInteger floored = division[1].signum() < 0 ? division[0].subtract(java.math.BigInteger.ONE).multiply(step)
                : division[0].multiply(step);
        java.math.BigInteger[] parts = floored.divideAndRemainder(java.math.BigInteger.valueOf(1_000_000_000L));
        return Instant.ofEpochSecond(parts[0].longValueExact(), parts[1].longValueExact());
    }

    /**
     * The value truncated to the start of its {@code unit}: up to {@code DAYS} for an instant (in
     * UTC), and also {@code WEEKS} (ISO: Monday), {@code MONTHS}, {@code YEARS}, {@code DECADES},
     * {@code CENTURIES} for local date-times and dates.
     *
     * @throws IllegalArgumentException for a unit the type cannot be truncated to
     */
    public static <T extends Temporal> Expr<T> truncate(Expr<T> t, ChronoUnit unit) {
        String kind = kind(t);
        if (kind.equals("instant") && unit.compareTo(ChronoUnit.DAYS) > 0) {
            throw new IllegalArgumentException("truncate(" + t + ", " + unit + "): an instant has no calendar; truncate it in a zone with"
                    + " truncate(" + t + ", " + unit + ", zone), or turn it into a local date-time with toLocal first");
        }
        checkCalendarUnit(t, unit);
        return Operation.withConstants(t.type(), "datetimes.truncate", t, List.of(unit), value -> cast(truncateValue(value, unit)));
    }

    /** An instant truncated to the start of its {@code unit} in a time zone (a local midnight, month...). */
    public static Expr<Instant> truncate(Expr<Instant> t, ChronoUnit unit, ZoneId zone) {
        checkCalendarUnit(t, unit);
        return Operation.withConstants(t.type(), "datetimes.truncate", t, List.of(unit, zone), value -> {
            LocalDateTime local = (LocalDateTime) truncateValue(LocalDateTime.ofInstant(value, zone), unit);
            return ZonedDateTime.of(local, zone).toInstant();
        });
    }

    private static void checkCalendarUnit(Expr<?> t, ChronoUnit unit) {
        if (unit.compareTo(ChronoUnit.CENTURIES) > 0 || unit == ChronoUnit.HALF_DAYS) {
            throw new IllegalArgumentException("truncate(" + t + ", " + unit + "): give NANOS to DAYS, WEEKS, MONTHS, YEARS, DECADES or CENTURIES");
        }
        if (kind(t).equals("date") && unit.compareTo(ChronoUnit.DAYS) < 0) {
            throw new IllegalArgumentException("truncate(" + t + ", " + unit + "): a date has no time of day; truncate it to DAYS or longer");
        }
    }

    private static Temporal truncateValue(Temporal value, ChronoUnit unit) {
        if (value instanceof Instant instant) {
            return instant.truncatedTo(unit);
        }
        if (value instanceof LocalDateTime local) {
            if (unit.compareTo(ChronoUnit.DAYS) <= 0) {
                return local.truncatedTo(unit);
            }
            return LocalDateTime.of((LocalDate) truncateValue(local.toLocalDate(), unit), LocalTime.MIDNIGHT);
        }
        LocalDate date = (LocalDate) value;
        return switch (unit) {
            case WEEKS -> date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTHS -> date.withDayOfMonth(1);
            case YEARS -> date.withDayOfYear(1);
            case DECADES -> LocalDate.of(Math.floorDiv(date.getYear(), 10) * 10, 1, 1);
            case CENTURIES -> LocalDate.of(Math.floorDiv(date.getYear(), 100) * 100, 1, 1);
            default -> date;
        };
    }

    // ---- arithmetic ----

    /**
     * The value plus a constant duration.
     *
     * @throws IllegalArgumentException for a date and a duration that is not whole days
     */
    public static <T extends Temporal> Expr<T> plus(Expr<T> t, Duration amount) {
        checkDateAmount(t, amount, "plus");
        return Operation.withConstants(t.type(), "datetimes.plus", t, List.of(amount), value -> cast(add(value, amount)));
    }

    /** The value plus a duration computed per row (for a date, whole days of it count). */
    public static <T extends Temporal> Expr<T> plus(Expr<T> t, Expr<Duration> amount) {
        return Operation.binary(t.type(), "datetimes.plus", t, amount, (value, d) -> cast(add(value, d)));
    }

    /** The value minus a constant duration. */
    public static <T extends Temporal> Expr<T> minus(Expr<T> t, Duration amount) {
        checkDateAmount(t, amount, "minus");
        return Operation.withConstants(t.type(), "datetimes.minus", t, List.of(amount), value -> cast(add(value, amount.negated())));
    }

    /** The value minus a duration computed per row. */
    public static <T extends Temporal> Expr<T> minus(Expr<T> t, Expr<Duration> amount) {
        return Operation.binary(t.type(), "datetimes.minus", t, amount, (value, d) -> cast(add(value, d.negated())));
    }

    /**
     * The value plus {@code amount} calendar units ({@code 1, MONTHS} keeps the day of month where
     * it can, as {@link LocalDate#plusMonths}); an instant takes units up to {@code DAYS}.
     */
    public static <T extends Temporal> Expr<T> plus(Expr<T> t, long amount, ChronoUnit unit) {
        if (kind(t).equals("instant") && unit.compareTo(ChronoUnit.DAYS) > 0) {
            throw new IllegalArgumentException("plus(" + t + ", " + amount + ", " + unit + "): an instant has no calendar; add "
                    + unit + " to a local date-time (toLocal) or add a Duration");
        }
        if (kind(t).equals("date") && unit.compareTo(ChronoUnit.DAYS) < 0) {
            throw new IllegalArgumentException("plus(" + t + ", " + amount + ", " + unit + "): a date has no time of day; add DAYS or longer");
        }
        return Operation.withConstants(t.type(), "datetimes.plus", t, List.of(amount, unit), value -> cast(value.plus(amount, unit)));
    }

    private static Temporal add(Temporal value, Duration amount) {
        if (value instanceof LocalDate date) {
            return date.plusDays(amount.toDays());
        }
        return value.plus(amount);
    }

    private static void checkDateAmount(Expr<?> t, Duration amount, String function) {
        if (kind(t).equals("date") && amount.toNanos() % Duration.ofDays(1).toNanos() != 0) {
            throw new IllegalArgumentException(function + "(" + t + ", " + amount + "): a date has no time of day; give whole days,"
                    + " or make it a date-time with atStartOfDay first");
        }
    }

    /** The duration from {@code from} to {@code to}: negative when {@code to} is earlier. */
    public static <T extends Temporal> Expr<Duration> between(Expr<T> from, Expr<T> to) {
        return Operation.binary(ValueTypes.nullable(ValueTypes.DURATION), "datetimes.between", from, to, (a, b) -> a instanceof LocalDate x
                ? Duration.ofDays(ChronoUnit.DAYS.between(x, (LocalDate) b)) : Duration.between(a, b));
    }

    /** The number of whole {@code unit}s from {@code from} to {@code to}, as {@link ChronoUnit#between}. */
    public static <T extends Temporal> Expr<Long> between(Expr<T> from, Expr<T> to, ChronoUnit unit) {
        return new Operation<>(ValueTypes.nullable(ValueTypes.LONG), "between(" + from + ", " + to + ", " + unit + ")", "datetimes.between",
                Canonical.constant(unit), List.of(from, to), row -> {
            T a = from.eval(row);
            T b = to.eval(row);
            return a == null || b == null ? null : unit.between(a, b);
        });
    }

    // ---- fields ----

    /** A field of a local date or date-time, such as {@code ChronoField.DAY_OF_WEEK} or {@code IsoFields.QUARTER_OF_YEAR}. */
    public static Expr<Long> field(Expr<? extends TemporalAccessor> t, TemporalField field) {
        if (kind(t).equals("instant")) {
            throw new IllegalArgumentException("field(" + t + ", " + field + "): an instant has fields only in a zone; use field("
                    + t + ", " + field + ", zone)");
        }
        return Operation.withConstants(ValueTypes.nullable(ValueTypes.LONG), "datetimes.field", t, List.of(field), value -> value.getLong(field));
    }

    /** A field of an instant in a time zone. */
    public static Expr<Long> field(Expr<Instant> t, TemporalField field, ZoneId zone) {
        return Operation.withConstants(ValueTypes.nullable(ValueTypes.LONG), "datetimes.field", t, List.of(field, zone),
                value -> value.atZone(zone).getLong(field));
    }

    /** The year. */
    public static Expr<Long> year(Expr<? extends TemporalAccessor> t) {
        return field(t, ChronoField.YEAR);
    }

    /** The month, 1 to 12. */
    public static Expr<Long> month(Expr<? extends TemporalAccessor> t) {
        return field(t, ChronoField.MONTH_OF_YEAR);
    }

    /** The day of the month, 1 to 31. */
    public static Expr<Long> day(Expr<? extends TemporalAccessor> t) {
        return field(t, ChronoField.DAY_OF_MONTH);
    }

    /** The day of the week, 1 (Monday) to 7 (Sunday), as ISO-8601. */
    public static Expr<Long> dayOfWeek(Expr<? extends TemporalAccessor> t) {
        return field(t, ChronoField.DAY_OF_WEEK);
    }

    /** The day of the year, 1 to 366. */
    public static Expr<Long> dayOfYear(Expr<? extends TemporalAccessor> t) {
        return field(t, ChronoField.DAY_OF_YEAR);
    }

    /** The ISO-8601 week of the week-based year, 1 to 53. */
    public static Expr<Long> weekOfYear(Expr<? extends TemporalAccessor> t) {
        return field(t, IsoFields.WEEK_OF_WEEK_BASED_YEAR);
    }

    /** The quarter, 1 to 4. */
    public static Expr<Long> quarter(Expr<? extends TemporalAccessor> t) {
        return field(t, IsoFields.QUARTER_OF_YEAR);
    }

    /** The hour of a date-time, 0 to 23. */
    public static Expr<Long> hour(Expr<LocalDateTime> t) {
        return field(t, ChronoField.HOUR_OF_DAY);
    }

    /** The minute of a date-time, 0 to 59. */
    public static Expr<Long> minute(Expr<LocalDateTime> t) {
        return field(t, ChronoField.MINUTE_OF_HOUR);
    }

    /** The second of a date-time, 0 to 59. */
    public static Expr<Long> second(Expr<LocalDateTime> t) {
        return field(t, ChronoField.SECOND_OF_MINUTE);
    }

    // ---- zones, dates and epoch numbers ----

    /** The local date-time of an instant in a time zone. */
    public static Expr<LocalDateTime> toLocal(Expr<Instant> t, ZoneId zone) {
        return Operation.withConstants(ValueTypes.nullable(ValueTypes.LOCAL_DATE_TIME), "datetimes.toLocal", t, List.of(zone), value -> LocalDateTime.ofInstant(value, zone));
    }

    /**
     * The local date-time of an instant in the zone named per row (an IANA id such as
     * {@code Europe/Oslo}, or an offset such as {@code +02:00}).
     *
     * @throws java.time.DateTimeException at run time for a zone id that does not exist (the run stops; see {@link Exprs#fillError})
     */
    public static Expr<LocalDateTime> toLocal(Expr<Instant> t, Expr<String> zone) {
        return Operation.binary(ValueTypes.nullable(ValueTypes.LOCAL_DATE_TIME), "datetimes.toLocal", t, zone,
                (value, id) -> LocalDateTime.ofInstant(value, ZoneId.of(id)));
    }

    /** The instant of a local date-time in a time zone (earlier offset in an overlap, later time in a gap). */
    public static Expr<Instant> toInstant(Expr<LocalDateTime> t, ZoneId zone) {
        return Operation.withConstants(ValueTypes.nullable(ValueTypes.INSTANT), "datetimes.toInstant", t, List.of(zone), value -> ZonedDateTime.of(value, zone).toInstant());
    }

    /** The date of a local date-time. */
    public static Expr<LocalDate> toDate(Expr<LocalDateTime> t) {
        return Operation.unary(ValueTypes.nullable(ValueTypes.LOCAL_DATE), "datetimes.toDate", t, LocalDateTime::toLocalDate);
    }

    /** The date of an instant in a time zone. */
    public static Expr<LocalDate> toDate(Expr<Instant> t, ZoneId zone) {
        return Operation.withConstants(ValueTypes.nullable(ValueTypes.LOCAL_DATE), "datetimes.toDate", t, List.of(zone), value -> LocalDate.ofInstant(value, zone));
    }

    /** The first moment of a date, as a local date-time. */
    public static Expr<LocalDateTime> atStartOfDay(Expr<LocalDate> t) {
        return Operation.unary(ValueTypes.nullable(ValueTypes.LOCAL_DATE_TIME), "datetimes.atStartOfDay", t, LocalDate::atStartOfDay);
    }

    /** Milliseconds since 1970-01-01T00:00Z (floored). */
    public static Expr<Long> toEpochMillis(Expr<Instant> t) {
        return Operation.unary(ValueTypes.nullable(ValueTypes.LONG), "datetimes.toEpochMillis", t, Instant::toEpochMilli);
    }

    /** Seconds since 1970-01-01T00:00Z (floored). */
    public static Expr<Long> toEpochSeconds(Expr<Instant> t) {
        return Operation.unary(ValueTypes.nullable(ValueTypes.LONG), "datetimes.toEpochSeconds", t, Instant::getEpochSecond);
    }

    /** The instant this many milliseconds after 1970-01-01T00:00Z. */
    public static Expr<Instant> fromEpochMillis(Expr<Long> millis) {
        return Operation.unary(ValueTypes.nullable(ValueTypes.INSTANT), "datetimes.fromEpochMillis", millis, Instant::ofEpochMilli);
    }

    /** The instant this many seconds after 1970-01-01T00:00Z. */
    public static Expr<Instant> fromEpochSeconds(Expr<Long> seconds) {
        return Operation.unary(ValueTypes.nullable(ValueTypes.INSTANT), "datetimes.fromEpochSeconds", seconds, Instant::ofEpochSecond);
    }

    // ---- formatting ----

    /**
     * A local date or date-time as text, by a {@link DateTimeFormatter} pattern such as
     * {@code yyyy-MM-dd HH:mm} (root locale).
     *
     * @throws IllegalArgumentException for a bad pattern, when the expression is built
     */
    public static Expr<String> format(Expr<? extends TemporalAccessor> t, String pattern) {
        if (kind(t).equals("instant")) {
            throw new IllegalArgumentException("format(" + t + ", \"" + pattern + "\"): an instant is formatted in a zone; use format("
                    + t + ", pattern, zone)");
        }
        DateTimeFormatter format = Strings.formatter(pattern, "format");
        return Operation.withConstants(ValueTypes.nullable(ValueTypes.STRING), "datetimes.format", t, List.of(pattern), format::format);
    }

    /** An instant as text in a time zone. */
    public static Expr<String> format(Expr<Instant> t, String pattern, ZoneId zone) {
        DateTimeFormatter format = Strings.formatter(pattern, "format").withZone(zone);
        return Operation.withConstants(ValueTypes.nullable(ValueTypes.STRING), "datetimes.format", t, List.of(pattern, zone), format::format);
    }

    /** The kind of temporal value an expression gives, from its value type: instant, date, datetime, or other. */
    private static String kind(Expr<?> t) {
        ValueType<?> type = t.type();
        String descriptor = type.descriptor().replace("nullable<", "").replace(">", "");
        return switch (descriptor) {
            case "instant", "date", "datetime" -> descriptor;
            default -> "other";
        };
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object value) {
        return (T) value;
    }
}
