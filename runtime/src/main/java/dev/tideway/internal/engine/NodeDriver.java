package dev.tideway.internal.engine;

/**
 * Drives one node outside the run loop: pushes changes into it and ends its logical times. A runner
 * that hosts the engine's operators elsewhere (one node per Flink operator, see {@code tideway-flink})
 * runs each node this way in a graph of its own, with the node's consumers muted and its output read
 * by a node of the runner's.
 *
 * <p>Not thread-safe: a node is driven by one thread at a time.
 */
public final class NodeDriver {
    private NodeDriver() {}

    /** Pushes {@code changes} into {@code node} at input {@code port}, at its graph's current time, and delivers what it emits. */
    public static void push(Node node, int port, Changes changes) {
        node.pushAndDeliver(port, changes);
    }

    /**
     * As {@link #push(Node, int, Changes)}, with the node's partition key of each change already
     * computed ({@code partitionKeys[i]} for change {@code i}; the array may be longer than the changes).
     */
    public static void push(Node node, int port, Changes changes, long[] partitionKeys) {
        node.pushAndDeliver(port, changes, partitionKeys);
    }

    /** Ends the logical time {@code time} for {@code node} alone, and delivers what it emits. */
    public static void flush(Node node, long time) {
        node.flush(time);
        node.deliver();
    }

    /** Tells {@code node} that the run is over, and delivers what it emits. */
    public static void end(Node node) {
        node.end();
        node.deliver();
    }
}
