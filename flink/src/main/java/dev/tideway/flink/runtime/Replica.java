package dev.tideway.flink.runtime;

import dev.tideway.engine.Changes;
import dev.tideway.engine.Graph;
import dev.tideway.engine.Node;
import dev.tideway.engine.NodeDriver;

/**
 * One copy of a hosted node, in a graph of its own: the node of one key group of a keyed operator
 * (so that a key group's state moves whole when Flink rescales), or the only copy of a forward
 * operator. Changes are pushed in batches of up to {@value #BATCH} per input.
 */
final class Replica {
    static final int BATCH = 1024;

    private final Node node;
    private final Graph graph;
    private final ChangeCapture capture;
    private final Changes[] buffers;
    boolean touched;

    Replica(Node node, int ports, ChangeCapture.Sink sink) {
        this.node = node;
        this.graph = node.graph();
        this.capture = new ChangeCapture(graph, node, sink);
        this.buffers = new Changes[ports];
        for (int p = 0; p < ports; p++) {
            buffers[p] = new Changes(64);
        }
    }

    Node node() {
        return node;
    }

    /** Starts logical time {@code time} (a later one than any before, except for a stateless node fed out of order). */
    void begin(long time) {
        if (time > graph.time()) {
            graph.beginTime(time);
        }
        capture.time(time);
    }

    void add(Change change) {
        Changes buffer = buffers[change.port()];
        buffer.add(change.key(), change.row(), change.diff());
        if (buffer.size() >= BATCH) {
            pushBuffered();
        }
    }

    /** Pushes what is buffered into the node; what it emits goes out at once. */
    void pushBuffered() {
        for (int p = 0; p < buffers.length; p++) {
            if (!buffers[p].isEmpty()) {
                NodeDriver.push(node, p, buffers[p]);
                buffers[p].clear();
            }
        }
    }

    boolean hasBuffered() {
        for (Changes buffer : buffers) {
            if (!buffer.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** Ends logical time {@code time}: pushes what is buffered and flushes the node. */
    void finish(long time) {
        begin(time);
        pushBuffered();
        NodeDriver.flush(node, time);
        touched = false;
    }
}
