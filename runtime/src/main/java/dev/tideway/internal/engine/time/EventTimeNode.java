package dev.tideway.internal.engine.time;

import dev.tideway.internal.engine.Graph;
import dev.tideway.internal.engine.Node;
import dev.tideway.internal.engine.ValueKeys;
import dev.tideway.internal.engine.ops.Accumulator;
import dev.tideway.internal.engine.ops.AggregatorFailureException;

/**
 * An event-time operator's way to run the user's expressions on its rows (event times, instance
 * and join values, reducers): what they throw stops the run with {@link Node#failure}'s
 * {@code UserFunctionException}, naming the operator and the row, as the other operators do. The
 * operator's own errors (a row without an event time, a retraction of a row it does not hold) are
 * not wrapped.
 *
 * <p>When the run withholds failing rows, an operator evaluates what the user's code computes of a
 * row (its time, instance and join values, what its reducers read, the session predicates with its
 * neighbours) before the row changes any state, and withholds the row when that fails; a window whose
 * output row cannot be built shows none. A withheld row's event time, when it could be computed,
 * still counts for the watermark.
 */
abstract class EventTimeNode extends Node {
    EventTimeNode(Graph graph, String kind, Node... inputs) {
        super(graph, kind, inputs);
    }

    /** The event time of the row of key {@code key}, in ticks. */
    final long timeOf(EventTime time, long key, Object row) {
        Object value;
        try {
            value = time.value(row);
        } catch (RuntimeException e) {
            throw failure(e, key, row);
        }
        return time.ticks(value, row);
    }

    /** The key of the values of {@code keys} (join values) on the row of key {@code key}. */
    final long keyOf(ValueKeys keys, long key, Object row) {
        try {
            return keys.keyOf(row);
        } catch (RuntimeException e) {
            throw failure(e, key, row);
        }
    }

    /** The values of {@code keys} (instance values) on the row of key {@code key}, in {@code into}. */
    final Object[] values(ValueKeys keys, long key, Object row, Object[] into) {
        try {
            return keys.values(row, into);
        } catch (RuntimeException e) {
            throw failure(e, key, row);
        }
    }

    /**
     * Adds ({@code diff} 1) or removes (-1) the row of key {@code key} to or from a window's reducers,
     * all or none (see {@link Accumulator#updateAll}); a failure is a {@code UserFunctionException}
     * naming the row. Tried first on empty accumulators when the run withholds failing rows, where
     * an aggregator's failure withholds the row too: a retraction, tried the same way, fails alike.
     */
    final void update(Accumulator[] accumulators, long key, Object row, int diff) {
        RuntimeException failed;
        try {
            failed = Accumulator.updateAll(accumulators, key, row, diff, graph().time());
        } catch (AggregatorFailureException e) {
            failed = e;
        }
        if (failed != null) {
            throw failure(failed, key, row);
        }
    }
}
