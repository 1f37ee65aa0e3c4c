package dev.tideway;

import java.time.Duration;

/**
 * When a windowed reduce or a temporal join emits its results and when it forgets, as Pathway's
 * {@code common_behavior(delay, cutoff, keep_results)} and {@code exactly_once_behavior(shift)}.
 * Every operator measures lengths against its watermark (see {@link Table#withWatermark}): the
 * greatest event time it has seen, or the one its sources declare.
 *
 * <ul>
 *   <li>{@link #delay}: a window's result is held until the watermark reaches the window's start plus
 *       the delay (for a join, a row joins once the watermark reaches its time plus the delay);
 *       afterwards it is updated as rows arrive.
 *   <li>{@link #cutoff}: a row is late, and ignored, when the window it falls in ended (for a join:
 *       when its time is) more than the cutoff before the watermark of the batch before; a window (or
 *       a join's row) past the cutoff leaves the operator's state and its snapshots, one batch later.
 *   <li>{@link #keepResults}{@code (false)}: a window's result is retracted when it is forgotten;
 *       by default (true) it stays in the output.
 *   <li>{@link #exactlyOnce}: one result per window, emitted once the watermark reaches the window's
 *       end plus {@code shift}; later rows for it are late (as Pathway: delay = window length + shift,
 *       cutoff = shift, results kept).
 * </ul>
 *
 * <pre>{@code
 * readings.windowBy(Window.tumbling(Duration.ofMinutes(5)), Reading_.time, Reading_.sensor)
 *         .withBehavior(Behavior.delay(Duration.ofMinutes(1)).withCutoff(Duration.ofMinutes(10)))
 *         .reduce(...);
 * }</pre>
 *
 * <p>Lengths given as {@link Duration}s apply to {@code Instant}, {@code LocalDateTime} and
 * {@code LocalDate} time columns, {@code long} lengths to {@code long} time columns; a behaviour
 * mixing both is refused when it is made, one that does not fit the time column when the pipeline
 * is built. Immutable and thread-safe.
 */
public final class Behavior {
    /** No delay, no cutoff, results kept: what an operator does without a behaviour. */
    public static final Behavior NONE = new Behavior(null, -1, -1, true, false);

    /** Whether the lengths are Durations (nanoseconds), longs, or not given (null). */
    private final Boolean temporal;
    private final long delay;
    private final long cutoff;
    private final boolean keepResults;
    private final boolean exactlyOnce;

    private Behavior(Boolean temporal, long delay, long cutoff, boolean keepResults, boolean exactlyOnce) {
        if (!keepResults && cutoff < 0) {
            throw new IllegalArgumentException("keepResults(false) retracts results past the cutoff, so it needs a cutoff; add withCutoff(...)");
        }
        this.temporal = temporal;
        this.delay = delay;
        this.cutoff = cutoff;
        this.keepResults = keepResults;
        this.exactlyOnce = exactlyOnce;
    }

    /** Holds a window's result until the watermark reaches its start plus {@code delay}. */
    public static Behavior delay(Duration delay) {
        return NONE.withDelay(delay);
    }

    /** {@link #delay(Duration)} for a {@code long} time column. */
    public static Behavior delay(long delay) {
        return NONE.withDelay(delay);
    }

    /** Ignores rows more than {@code cutoff} late and forgets windows past it. */
    public static Behavior cutoff(Duration cutoff) {
        return NONE.withCutoff(cutoff);
    }

    /** {@link #cutoff(Duration)} for a {@code long} time column. */
    public static Behavior cutoff(long cutoff) {
        return NONE.withCutoff(cutoff);
    }

    /**
     * Pathway's {@code common_behavior}: a null delay or cutoff is none;
     * {@code keepResults == false} needs a cutoff.
     */
    public static Behavior common(Duration delay, Duration cutoff, boolean keepResults) {
        Behavior behavior = NONE;
        if (delay != null) {
            behavior = behavior.withDelay(delay);
        }
        if (cutoff != null) {
            behavior = behavior.withCutoff(cutoff);
        }
        return behavior.keepResults(keepResults);
    }

    /** One result per window, emitted when the watermark reaches the window's end. */
    public static Behavior exactlyOnce() {
        return new Behavior(null, -1, 0, true, true);
    }

    /** One result per window, emitted when the watermark reaches the window's end plus {@code shift}. */
    public static Behavior exactlyOnce(Duration shift) {
        return new Behavior(true, -1, Spans.notNegative(Spans.nanos(shift, "the shift"), "the shift"), true, true);
    }

    /** {@link #exactlyOnce(Duration)} for a {@code long} time column. */
    public static Behavior exactlyOnce(long shift) {
        return new Behavior(false, -1, Spans.notNegative(shift, "the shift"), true, true);
    }

    /** This behaviour with a delay. */
    public Behavior withDelay(Duration newDelay) {
        return with(true, Spans.notNegative(Spans.nanos(newDelay, "the delay"), "the delay"), cutoff, keepResults);
    }

    /** This behaviour with a delay, for a {@code long} time column. */
    public Behavior withDelay(long newDelay) {
        return with(false, Spans.notNegative(newDelay, "the delay"), cutoff, keepResults);
    }

    /** This behaviour with a cutoff. */
    public Behavior withCutoff(Duration newCutoff) {
        return with(true, delay, Spans.notNegative(Spans.nanos(newCutoff, "the cutoff"), "the cutoff"), keepResults);
    }

    /** This behaviour with a cutoff, for a {@code long} time column. */
    public Behavior withCutoff(long newCutoff) {
        return with(false, delay, Spans.notNegative(newCutoff, "the cutoff"), keepResults);
    }

    /** Whether results past the cutoff stay in the output (true, the default) or are retracted. */
    public Behavior keepResults(boolean keep) {
        if (exactlyOnce) {
            throw new IllegalStateException("an exactly-once behaviour keeps its results");
        }
        return new Behavior(temporal, delay, cutoff, keep, false);
    }

    private Behavior with(boolean lengthsTemporal, long newDelay, long newCutoff, boolean keep) {
        if (exactlyOnce) {
            throw new IllegalStateException("an exactly-once behaviour has only a shift; make a common behaviour for a delay or a cutoff");
        }
        if (temporal != null && temporal != lengthsTemporal) {
            throw new IllegalArgumentException("a behaviour's lengths are all Durations (for Instant, LocalDateTime or LocalDate time"
                    + " columns) or all longs (for long time columns), not both");
        }
        return new Behavior(lengthsTemporal, newDelay, newCutoff, keep, false);
    }

    // ---- what the engine reads ----

    /** Whether the lengths were given as Durations (true), as longs (false), or not at all (null). */
    public Boolean temporal() {
        return temporal;
    }

    public boolean hasDelay() {
        return delay >= 0;
    }

    /** The delay in ticks; meaningful when {@link #hasDelay}. */
    public long delay() {
        return delay;
    }

    public boolean hasCutoff() {
        return cutoff >= 0;
    }

    /** The cutoff in ticks (the shift of an exactly-once behaviour); meaningful when {@link #hasCutoff}. */
    public long cutoff() {
        return cutoff;
    }

    public boolean keepsResults() {
        return keepResults;
    }

    public boolean exactlyOnceResults() {
        return exactlyOnce;
    }

    @Override
    public String toString() {
        boolean t = temporal != null && temporal;
        if (exactlyOnce) {
            return "exactlyOnce(shift " + Spans.describe(t, cutoff) + ")";
        }
        return "behavior(delay " + (hasDelay() ? Spans.describe(t, delay) : "none") + ", cutoff "
                + (hasCutoff() ? Spans.describe(t, cutoff) : "none") + ", keepResults " + keepResults + ")";
    }
}
