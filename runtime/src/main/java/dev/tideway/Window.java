package dev.tideway;

import java.time.Duration;
import java.time.temporal.Temporal;
import java.util.Objects;
import java.util.function.BiPredicate;

/**
 * How {@link Table#windowBy} and {@link Table#windowJoin} cut event time into windows, as Pathway's
 * {@code pw.temporal.tumbling}, {@code sliding}, {@code session} and {@code intervals_over}.
 *
 * <p>The type parameter is the type of the event-time column the window applies to, and javac checks
 * it: a window made with {@link Duration}s applies to an {@code Instant}, {@code LocalDateTime} or
 * {@code LocalDate} column, one made with {@code long} lengths to a {@code long} column (whose unit is
 * the application's: milliseconds, sequence numbers...).
 *
 * <ul>
 *   <li>{@link #tumbling}: windows {@code [k*length, (k+1)*length)}, aligned on the epoch (or 0);
 *       every row is in exactly one.
 *   <li>{@link #sliding}: windows of {@code length} starting every {@code hop}; a row is in
 *       {@code length / hop} of them (rounded up or down by where it falls).
 *   <li>{@link #session}: the rows of an instance whose successive times are less than {@code maxGap}
 *       apart (or for which a predicate holds) form one window; a row arriving between two sessions
 *       may merge them. The window's start and end are its first and last time, as in Pathway.
 *   <li>{@link #intervalsOver}: one window per time of another table's column ({@code at}), holding
 *       the rows whose time is within {@code [at + lower, at + upper]}.
 * </ul>
 *
 * <pre>{@code
 * readings.windowBy(Window.tumbling(Duration.ofMinutes(5)), Reading_.time, Reading_.sensor)
 *         .reduce(...);
 * ticks.windowBy(Window.sliding(10L, 60L), Tick_.sequence).reduce(...);     // a long time column
 * }</pre>
 *
 * <p>The factories throw {@link IllegalArgumentException} for a length that is not positive, a
 * {@link Duration} too long to count in nanoseconds (about 292 years), or bounds in the wrong
 * order. Lengths are kept in ticks: nanoseconds for {@code Duration}s, the value itself for
 * {@code long}s. Immutable and thread-safe.
 *
 * @param <V> the type of the event-time column
 */
public final class Window<V> {
    /** The kind of a window, for the engine. */
    public enum Kind { TUMBLING, SLIDING, SESSION, INTERVALS_OVER }

    private final Kind kind;
    private final boolean temporal;
    private final long hop;
    private final long length;
    private final long maxGap;
    private final BiPredicate<Object, Object> sameSession;
    private final Table<?> probes;
    private final Expr<?> at;
    private final long lower;
    private final long upper;
    private final boolean keepEmpty;

    @SuppressWarnings("unchecked")
    private Window(Kind kind, boolean temporal, long hop, long length, long maxGap, BiPredicate<?, ?> sameSession, Table<?> probes,
                   Expr<?> at, long lower, long upper, boolean keepEmpty) {
        this.kind = kind;
        this.temporal = temporal;
        this.hop = hop;
        this.length = length;
        this.maxGap = maxGap;
        this.sameSession = (BiPredicate<Object, Object>) sameSession;
        this.probes = probes;
        this.at = at;
        this.lower = lower;
        this.upper = upper;
        this.keepEmpty = keepEmpty;
    }

    /** Windows of {@code length}, one after the other, for a time column of {@code Instant}, {@code LocalDateTime} or {@code LocalDate}. */
    public static <V extends Temporal & Comparable<? super V>> Window<V> tumbling(Duration length) {
        long ticks = Spans.positive(Spans.nanos(length, "the window length"), "the window length");
        return new Window<>(Kind.TUMBLING, true, ticks, ticks, 0, null, null, null, 0, 0, false);
    }

    /** Windows of {@code length}, one after the other, for a {@code long} time column. */
    public static Window<Long> tumbling(long length) {
        Spans.positive(length, "the window length");
        return new Window<>(Kind.TUMBLING, false, length, length, 0, null, null, null, 0, 0, false);
    }

    /** Windows of {@code length} starting every {@code hop}, for a time column of {@code Instant}, {@code LocalDateTime} or {@code LocalDate}. */
    public static <V extends Temporal & Comparable<? super V>> Window<V> sliding(Duration hop, Duration length) {
        return new Window<>(Kind.SLIDING, true, Spans.positive(Spans.nanos(hop, "the hop"), "the hop"),
                Spans.positive(Spans.nanos(length, "the window length"), "the window length"), 0, null, null, null, 0, 0, false);
    }

    /** Windows of {@code length} starting every {@code hop}, for a {@code long} time column. */
    public static Window<Long> sliding(long hop, long length) {
        return new Window<>(Kind.SLIDING, false, Spans.positive(hop, "the hop"), Spans.positive(length, "the window length"), 0, null,
                null, null, 0, 0, false);
    }

    /** Sessions: successive rows of an instance less than {@code maxGap} apart are in one window. */
    public static <V extends Temporal & Comparable<? super V>> Window<V> session(Duration maxGap) {
        return new Window<>(Kind.SESSION, true, 0, 0, Spans.positive(Spans.nanos(maxGap, "the session gap"), "the session gap"), null,
                null, null, 0, 0, false);
    }

    /** Sessions over a {@code long} time column: successive rows less than {@code maxGap} apart are in one window. */
    public static Window<Long> session(long maxGap) {
        return new Window<>(Kind.SESSION, false, 0, 0, Spans.positive(maxGap, "the session gap"), null, null, null, 0, 0, false);
    }

    /**
     * Sessions: two successive times {@code (earlier, later)} of an instance are in one window when
     * {@code sameSession} says so, as Pathway's {@code session(predicate=...)}. Such a session has no
     * bound on how far it may grow, so it accepts no {@linkplain Behavior#cutoff cutoff}.
     *
     * <pre>{@code Window.<Long>session((a, b) -> b - a <= 1) }</pre>
     *
     * @param sameSession called with two event times in order; must be deterministic. What it throws
     *     stops the run with a {@link UserFunctionException} naming the row whose change made it compare
     */
    public static <V extends Comparable<? super V>> Window<V> session(BiPredicate<? super V, ? super V> sameSession) {
        Objects.requireNonNull(sameSession, "sameSession");
        return new Window<>(Kind.SESSION, false, 0, 0, 0, sameSession, null, null, 0, 0, false);
    }

    /**
     * One window per row of {@code probes}, holding the rows whose time is within
     * {@code [at + lower, at + upper]}; a probe time that repeats is one window. Windows with no row
     * are left out unless {@code keepEmpty} (then their reducers see no row: a count is 0, an average
     * or a minimum is null, so the result's fields must accept null).
     */
    public static <P, V extends Temporal & Comparable<? super V>> Window<V> intervalsOver(Table<P> probes, Expr<V> at, Duration lower,
                                                                                         Duration upper, boolean keepEmpty) {
        return intervals(probes, at, true, Spans.nanos(lower, "the lower bound"), Spans.nanos(upper, "the upper bound"), keepEmpty);
    }

    /** {@link #intervalsOver(Table, Expr, Duration, Duration, boolean)} for a {@code long} time column. */
    public static <P> Window<Long> intervalsOver(Table<P> probes, Expr<Long> at, long lower, long upper, boolean keepEmpty) {
        return intervals(probes, at, false, lower, upper, keepEmpty);
    }

    private static <V> Window<V> intervals(Table<?> probes, Expr<?> at, boolean temporal, long lower, long upper, boolean keepEmpty) {
        Objects.requireNonNull(probes, "probes");
        Objects.requireNonNull(at, "at");
        if (lower > upper) {
            throw new IllegalArgumentException("intervalsOver: the lower bound " + Spans.describe(temporal, lower)
                    + " is above the upper bound " + Spans.describe(temporal, upper));
        }
        return new Window<>(Kind.INTERVALS_OVER, temporal, 0, 0, 0, null, probes, at, lower, upper, keepEmpty);
    }

    // ---- what the engine reads ----

    public Kind kind() {
        return kind;
    }

    /**
     * Whether the lengths were given as {@link Duration}s (nanoseconds of an {@code Instant},
     * {@code LocalDateTime} or {@code LocalDate} column) rather than as {@code long}s; false for a
     * session given by a predicate, which has no length.
     */
    public boolean temporal() {
        return temporal;
    }

    /** Whether the window has lengths at all (a predicate session has none). */
    public boolean hasLengths() {
        return sameSession == null;
    }

    /** The distance between window starts (the length for tumbling windows), in ticks. */
    public long hop() {
        return hop;
    }

    /** The length of tumbling and sliding windows, in ticks. */
    public long length() {
        return length;
    }

    /** The largest gap (exclusive) inside a session, in ticks; 0 for a predicate session. */
    public long maxGap() {
        return maxGap;
    }

    /** The predicate of a session given by one, or null. */
    public BiPredicate<Object, Object> sameSession() {
        return sameSession;
    }

    /** The table of probe times of {@link #intervalsOver}, or null. */
    public Table<?> probes() {
        return probes;
    }

    /** The probe time column of {@link #intervalsOver}, or null. */
    public Expr<?> at() {
        return at;
    }

    /** The lower bound of {@link #intervalsOver}, in ticks. */
    public long lower() {
        return lower;
    }

    /** The upper bound of {@link #intervalsOver}, in ticks. */
    public long upper() {
        return upper;
    }

    /** Whether {@link #intervalsOver} keeps windows without rows. */
    public boolean keepEmpty() {
        return keepEmpty;
    }

    /** The extent of a window in ticks ({@code end - start}), for behaviours; a session has none. */
    public long extent() {
        return switch (kind) {
            case TUMBLING, SLIDING -> length;
            case INTERVALS_OVER -> upper - lower;
            case SESSION -> 0;
        };
    }

    /**
     * The window as canonical text, for operator identity: its kind and lengths in ticks (nanoseconds
     * for Durations), a session predicate's identity (its
     * code's fingerprint, or its {@link UserFunction#version version}), an intervalsOver's probe time.
     */
    public String canonicalForm() {
        String ticks = temporal ? "nanos" : "long";
        return switch (kind) {
            case TUMBLING -> "tumbling[" + ticks + "](" + length + ")";
            case SLIDING -> "sliding[" + ticks + "](" + hop + "," + length + ")";
            case SESSION -> sameSession != null
                    ? "session[predicate](" + dev.tideway.internal.engine.identity.FunctionIdentity.of(sameSession) + ")"
                    : "session[" + ticks + "](" + maxGap + ")";
            case INTERVALS_OVER -> "intervals-over[" + ticks + "](" + dev.tideway.internal.engine.identity.Canonical.expr(at) + "," + lower
                    + "," + upper + "," + keepEmpty + ")";
        };
    }

    @Override
    public String toString() {
        return switch (kind) {
            case TUMBLING -> "tumbling(" + Spans.describe(temporal, length) + ")";
            case SLIDING -> "sliding(hop " + Spans.describe(temporal, hop) + ", length " + Spans.describe(temporal, length) + ")";
            case SESSION -> sameSession != null ? "session(predicate)" : "session(max gap " + Spans.describe(temporal, maxGap) + ")";
            case INTERVALS_OVER -> "intervalsOver(" + at + " + [" + Spans.describe(temporal, lower) + ", " + Spans.describe(temporal, upper)
                    + "]" + (keepEmpty ? ", empty kept" : "") + ")";
        };
    }
}
