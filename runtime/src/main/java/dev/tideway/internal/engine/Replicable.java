package dev.tideway.internal.engine;

import java.util.List;

/**
 * A node that can run as several copies, one per worker of a run with
 * {@code RunConfig.withWorkers(n)}: a stateless node (each copy transforms the rows it is given), or a
 * {@link Partitioned} one (each copy holds the state of the partition keys routed to it). A node that
 * is neither (an event-time operator, a lookup, a sink) runs as one copy, on worker 0.
 */
public interface Replicable {
    /**
     * A new node computing what this one computes, with empty state, in {@code graph}, reading
     * {@code inputs} (one per input port, in order). The copy shares this node's expressions and user
     * functions, which are then called from several threads; it gets its own scratch buffers.
     */
    Node replicate(Graph graph, List<Node> inputs);

    /**
     * Whether this node may run as copies: false when its partition key comes from a non-deterministic
     * function (the worker routing a change and the copy holding its state could compute different
     * keys), so it runs once, on worker 0.
     */
    default boolean replicable() {
        return true;
    }
}
