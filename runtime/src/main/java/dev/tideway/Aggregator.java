package dev.tideway;

/**
 * A user-defined reducer that can only add values: the state of a group folds in each value of the
 * group, and gives the group's result. Made into a {@link Reducer} by
 * {@link Reducers#aggregate(String, dev.tideway.schema.ValueType, Expr, Aggregator)}.
 *
 * <p>As in Flink's {@code AggregateFunction} without {@code merge}. An add-only aggregator cannot
 * take a row back: when a row of a group is retracted (deleted, or updated), Tideway computes the
 * group's state again from {@link #create()} by adding every value the group still holds, in the
 * order they arrived. For this Tideway keeps the values of each group (encoded with the input
 * expression's value type) in the operator's state and its snapshots; the aggregator's own state is
 * never persisted, so it needs no codec. Implement {@link RetractingAggregator} instead when a value
 * can be taken out of the state directly: a retraction then costs one call, not one per value.
 *
 * <p>Calls for one group come from one thread, one at a time; the same aggregator serves every group
 * and every run, so it must keep nothing outside the states it returns.
 *
 * <pre>{@code
 * // the number of distinct words of a group, approximately (a sketch cannot delete)
 * Aggregator<String, HllSketch, Long> distinct = new Aggregator<>() {
 *     public HllSketch create() { return new HllSketch(12); }
 *     public HllSketch add(HllSketch sketch, String word) { sketch.update(word); return sketch; }
 *     public Long result(HllSketch sketch) { return Math.round(sketch.getEstimate()); }
 * };
 * words.groupBy(Word_.lang).reduce(LangStats_.of(Word_.lang,
 *         Reducers.aggregate("distinct-words", ValueTypes.LONG, Word_.word, distinct)));
 * }</pre>
 *
 * @param <I> the type of the values reduced (those of the input expression, null included)
 * @param <S> the type of a group's state
 * @param <R> the type of the result
 */
public interface Aggregator<I, S, R> {
    /** The state of a group with no value yet. */
    S create();

    /**
     * Adds one value to a state, and returns the new state: the same object changed in place, or a
     * new one.
     */
    S add(S state, I value);

    /**
     * The result of a group whose state this is (the group holds at least one row). Must not change
     * the state. A {@link RuntimeException} thrown here stops the run and names the group.
     */
    R result(S state);
}
