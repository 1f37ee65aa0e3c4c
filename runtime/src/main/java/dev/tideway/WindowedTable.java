package dev.tideway;

/**
 * A table cut into event-time windows by {@link Table#windowBy}, waiting for its {@link #reduce}.
 * The projection given to {@code reduce} may use, per field, a {@link Reducer}, one of the instance
 * expressions given to {@code windowBy}, or the window's {@link #start()} and {@link #end()}.
 *
 * <pre>{@code
 * WindowedTable<Reading, Instant> windows = readings
 *         .windowBy(Window.tumbling(Duration.ofMinutes(5)), Reading_.time, Reading_.sensor)
 *         .withBehavior(Behavior.delay(Duration.ofMinutes(1)).withCutoff(Duration.ofMinutes(10)));
 * Table<SensorAverage> averages = windows.reduce(SensorAverage_.of(
 *         Reading_.sensor, windows.start(), windows.end(), Reducers.avg(Reading_.value)));
 * }</pre>
 *
 * <p>A window's output row is keyed by its instance values, start and end, so a window's result is
 * updated in place (retracted and inserted) as rows arrive or go.
 *
 * @param <T> the row type
 * @param <V> the type of the event-time column
 */
public interface WindowedTable<T, V> {
    /** These windows with a behaviour (delay, cutoff, kept or retracted results, exactly once). */
    WindowedTable<T, V> withBehavior(Behavior behavior);

    /**
     * The start of the window, for the reduce's projection (for a session, its first time). It has a
     * value only as a field of this windowed table's {@link #reduce}: used anywhere else (inside a
     * reducer or an expression, in another operator), it is refused with an
     * {@link IllegalArgumentException} when the pipeline is built; so are {@link #end()} and
     * {@link #location()}.
     */
    Expr<V> start();

    /** The end of the window, exclusive for tumbling and sliding windows (for a session, its last time). */
    Expr<V> end();

    /** For {@link Window#intervalsOver}, the probe time of the window; for other windows, its start. */
    Expr<V> location();

    /**
     * One row per window and instance; see the class comment for the fields allowed.
     *
     * @throws IllegalArgumentException if a field is none of those, or reads a column of another
     *     table or the bounds of other windows, or the behaviour's lengths do
     *     not fit the time column (Durations for a {@code long} column, or the reverse), or a session
     *     given by a predicate is given a cutoff
     */
    <R> Table<R> reduce(Projection<R> projection);
}
