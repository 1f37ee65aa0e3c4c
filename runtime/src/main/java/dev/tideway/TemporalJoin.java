package dev.tideway;

/**
 * A temporal join being set up ({@link Table#asofJoin}, {@link Table#intervalJoin},
 * {@link Table#windowJoin}): its equality conditions, its kind and its behaviour, then its
 * {@link #select}, whose expressions read either side with {@link JoinResult#left} and
 * {@link JoinResult#right} as for an equi-join. Immutable: each method returns a new join.
 *
 * <pre>{@code
 * trades.asofJoin(quotes, Trade_.time, Quote_.time)
 *       .on(JoinOn.of(Trade_.symbol, Quote_.symbol))
 *       .kind(JoinKind.LEFT)
 *       .select(Priced_.of(JoinResult.left(Trade_.id), JoinResult.right(Quote_.price)));
 * }</pre>
 *
 * @param <T> the left row type
 * @param <U> the right row type
 */
public interface TemporalJoin<T, U> extends JoinResult<T, U> {
    /**
     * Adds an equality condition: only rows with equal values are paired.
     *
     * @throws IllegalArgumentException if its left column is not one of the left table, or its right
     *     column not one of the right table
     */
    TemporalJoin<T, U> on(JoinOn<T, U> condition);

    /**
     * Which unmatched rows are kept, padded with null: {@link JoinKind#INNER} (the default) keeps
     * none. For an as-of join, LEFT pairs every left row (with its match or null), RIGHT every right
     * row, OUTER both, each as its own output row.
     */
    TemporalJoin<T, U> kind(JoinKind kind);

    /**
     * The behaviour: delay, cutoff (forgetting rows past it) and kept results. A window join of
     * sessions takes none ({@link #select} refuses it).
     */
    TemporalJoin<T, U> withBehavior(Behavior behavior);

    /**
     * For an as-of join, the direction in which a row looks for its match ({@link AsofDirection#BACKWARD} by default).
     *
     * @throws IllegalStateException for an interval or window join
     */
    TemporalJoin<T, U> direction(AsofDirection direction);

    /**
     * One row per pair (and per padded row of an outer kind), built from {@link JoinResult#left}
     * and {@link JoinResult#right} expressions.
     *
     * @throws IllegalArgumentException if an expression reads a column without saying its side, or
     *     from the wrong side; if the two time columns are of different types, or a length (the
     *     interval, the window, the behaviour) does not fit them
     */
    @Override
    <R> Table<R> select(Projection<R> projection);
}
