package dev.tideway.internal.engine.ops;

import dev.tideway.schema.BinaryReader;
import dev.tideway.schema.BinaryWriter;

/**
 * The state of one reducer in one group: it takes rows in and out and gives the current aggregate.
 * Accumulators are persisted in snapshots, so they encode themselves with the value types' codecs.
 */
public interface Accumulator {
    /**
     * Adds ({@code diff} +1) or removes (-1) one row of the group: {@code row}, whose row key is
     * {@code key} (a removal names the row it removes by key and content). A failure of the input
     * expression leaves the accumulator as it was; a failure of the aggregator is an
     * {@link AggregatorFailureException}.
     */
    void update(long key, Object row, int diff, long time);

    /** The aggregate of the rows held, or null if it has none (for example the max of no rows). */
    Object result();

    /**
     * Adds to this accumulator the values {@code other} took (an accumulator of the same reducer that
     * started empty and took additions only: a {@link GroupCombiner}'s), or retracts them
     * ({@code retract}); {@code other} is not used afterwards.
     *
     * @throws UnsupportedOperationException if the reducer's aggregator is not a
     *     {@link dev.tideway.MergeableAggregator} (see {@link ReducerAccumulators#mergeable})
     * @throws AggregatorFailureException if the aggregator failed
     */
    default void merge(Accumulator other, boolean retract) {
        throw new UnsupportedOperationException("this reducer's states cannot be merged");
    }

    void snapshot(BinaryWriter out);

    void restore(BinaryReader in);

    /**
     * Updates every accumulator of a group with one row, all or none: when one's input expression
     * fails (before it changes anything), those updated before it are updated back, and the failure is
     * returned.
     *
     * @return null when every accumulator took the row, or what the failing one threw (its input
     *     expression's failure, which the caller may withhold)
     * @throws AggregatorFailureException if an aggregator failed, or updating back failed: the caller
     *     stops the run
     */
    static RuntimeException updateAll(Accumulator[] accumulators, long key, Object row, int diff, long time) {
        for (int a = 0; a < accumulators.length; a++) {
            try {
                accumulators[a].update(key, row, diff, time);
            } catch (AggregatorFailureException e) {
                throw e;
            } catch (RuntimeException e) {
                for (int back = a - 1; back >= 0; back--) {
                    try {
                        accumulators[back].update(key, row, -diff, time);
                    } catch (RuntimeException again) {
                        throw new AggregatorFailureException("cannot take back a row that a reducer failed on: " + again, again, e);
                    }
                }
                return e;
            }
        }
        return null;
    }
}
