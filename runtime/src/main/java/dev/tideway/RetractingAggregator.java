package dev.tideway;

/**
 * A user-defined reducer whose state can take a value back out: a row deleted from a group, or the
 * old version of an updated row, is {@link #retract retracted} from the state in one call. Its state
 * is persisted in the operator's snapshots with {@link #stateCodec()}, so a restart continues with it
 * instead of recomputing it.
 *
 * <p>As Flink's {@code AggregateFunction} with {@code retract}, and Pathway's
 * {@code BaseCustomAccumulator} with {@code retract}. A value retracted is always one that was added
 * to the same group before (and not retracted since); {@code retract(add(s, v), v)} must give a state
 * equivalent to {@code s}, or the incremental result would drift from the result computed from
 * scratch.
 *
 * <p>Example: the median of a group, whose state is the multiset of its values.
 *
 * <pre>{@code
 * final class Median implements RetractingAggregator<Double, TreeMap<Double, Integer>, Double> {
 *     public TreeMap<Double, Integer> create() { return new TreeMap<>(); }
 *     public TreeMap<Double, Integer> add(TreeMap<Double, Integer> s, Double v) {
 *         if (v != null) s.merge(v, 1, Integer::sum);
 *         return s;
 *     }
 *     public TreeMap<Double, Integer> retract(TreeMap<Double, Integer> s, Double v) {
 *         if (v != null) s.computeIfPresent(v, (k, n) -> n == 1 ? null : n - 1);
 *         return s;
 *     }
 *     public Double result(TreeMap<Double, Integer> s) { ... the middle value, or null ... }
 *     public StateCodec<TreeMap<Double, Integer>> stateCodec() { ... writes the entries ... }
 * }
 * readings.groupBy(Reading_.sensor).reduce(SensorMedian_.of(Reading_.sensor,
 *         Reducers.aggregate("median", ValueTypes.nullable(ValueTypes.DOUBLE), Reading_.value, new Median())));
 * }</pre>
 *
 * @param <I> the type of the values reduced (those of the input expression, null included)
 * @param <S> the type of a group's state
 * @param <R> the type of the result
 */
public interface RetractingAggregator<I, S, R> extends Aggregator<I, S, R> {
    /** Takes one value, added before, back out of a state; returns the new state. */
    S retract(S state, I value);

    /**
     * How a state is written into the operator's snapshots and read back. Its format is part of the
     * persisted state: change it only together with the reducer's name, so that an old snapshot is
     * rebuilt from the input instead of being read with the new format.
     */
    StateCodec<S> stateCodec();
}
