package dev.tideway.internal.engine.time;

import dev.tideway.internal.engine.Graph;
import dev.tideway.internal.engine.Node;
import dev.tideway.internal.engine.ValueKeys;
import dev.tideway.internal.engine.ops.Accumulator;

/**
 * An event-time operator's way to run the user's expressions on its rows (event times, instance
 * and join values, reducers): what they throw stops the run with {@link Node#failure}'s
 * {@code UserFunctionException}, naming the operator and the row, as the other operators do. The
 * operator's own errors (a row without an event time, a retraction of a row it does not hold) are
 * not wrapped.
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

    /** Adds ({@code diff} 1) or removes (-1) the row of key {@code key} to or from a window's reducers. */
    final void update(Accumulator[] accumulators, long key, Object row, int diff) {
        try {
            for (Accumulator accumulator : accumulators) {
                accumulator.update(key, row, diff, graph().time());
            }
        } catch (RuntimeException e) {
            throw failure(e, key, row);
        }
    }
}
