package dev.tideway;

/**
 * A {@link RetractingAggregator} whose states merge: the state of some values added to
 * {@link #create()} can be added to another state in one call, or retracted from it. A group-by on
 * several workers ({@code RunConfig.withWorkers}) then combines its input on the worker that reads it,
 * before the rows change workers: per logical time, each worker sends per group the state of the
 * values its rows added and the state of those they retracted, instead of every row, and the worker
 * owning the group merges the first and retracts the second (a map-side combine, as Spark's
 * {@code combineByKey} and Flink's {@code AggregateFunction.merge} in two-phase aggregation). A
 * group-by combines only when every reducer's aggregator is mergeable and none is
 * {@linkplain Reducer#rowKeyed() row-keyed}; the built-in count and sums (long, int, double, float,
 * decimal, duration) and the mean are.
 *
 * <p>{@code merge(s, other)} must give the state that adding to {@code s}, one by one, every value
 * added to {@code other} gives, and {@code retractAll(s, other)} the state that retracting them does
 * ({@code other} only ever took additions; the values retracted were added to {@code s} before).
 * The result must not depend on the order of the values.
 *
 * <p>Floating-point sums merged add the values in another order, so they may differ from a sum over
 * the rows one at a time (as several workers already add rows in another order than one): in the
 * last bits, or by more when values of very different magnitudes cancel (1e20 + 1.0 - 1e20 is 0.0).
 * A group-by takes a partial's retractions before its additions into a group it holds, as an update
 * of a row does on one worker.
 *
 * <pre>{@code
 * // a sum of squares: merged by adding the partial sums
 * final class SumOfSquares implements MergeableAggregator<Long, long[], Long> {
 *     public long[] create() { return new long[1]; }
 *     public long[] add(long[] s, Long v) { if (v != null) s[0] += v * v; return s; }
 *     public long[] retract(long[] s, Long v) { if (v != null) s[0] -= v * v; return s; }
 *     public long[] merge(long[] s, long[] other) { s[0] += other[0]; return s; }
 *     public long[] retractAll(long[] s, long[] other) { s[0] -= other[0]; return s; }
 *     public Long result(long[] s) { return s[0]; }
 *     public StateCodec<long[]> stateCodec() { ... writes s[0] ... }
 * }
 * }</pre>
 *
 * @param <I> the type of the values reduced (those of the input expression, null included)
 * @param <S> the type of a group's state
 * @param <R> the type of the result
 */
public interface MergeableAggregator<I, S, R> extends RetractingAggregator<I, S, R> {
    /**
     * Adds to {@code state} every value {@code other} took, and returns the new state: {@code state}
     * changed in place, or a new one. {@code other} is not used afterwards.
     */
    S merge(S state, S other);

    /**
     * Retracts from {@code state} every value {@code other} took (each added to {@code state}
     * before), and returns the new state: {@code state} changed in place, or a new one.
     * {@code other} is not used afterwards.
     */
    S retractAll(S state, S other);
}
