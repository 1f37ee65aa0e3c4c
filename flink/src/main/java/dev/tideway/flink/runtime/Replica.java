package dev.tideway.flink.runtime;

import dev.tideway.internal.engine.Changes;
import dev.tideway.internal.engine.Graph;
import dev.tideway.internal.engine.Node;
import dev.tideway.internal.engine.NodeDriver;
import dev.tideway.internal.engine.Stateful;
import dev.tideway.schema.BinaryReader;
import dev.tideway.schema.BinaryWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * One copy of the hosted nodes, in a graph of their own: the copy of one key group of a keyed
 * operator (so that a key group's state moves whole when Flink rescales), or the only copy of an
 * operator that is not keyed. Changes are pushed in batches of up to {@value #BATCH} per input port;
 * at the end of a time every node is flushed in creation order, as the embedded engine flushes its
 * graph, and what the exits emit goes out.
 */
final class Replica {
    static final int BATCH = 1024;

    private final HostedNode.Built built;
    private final Graph graph;
    private final List<ChangeCapture> captures = new ArrayList<>();
    private final Changes[] buffers;
    boolean touched;

    /** {@code sink.accept(exit, change)} receives what exit {@code exit} emits. */
    Replica(HostedNode.Built built, int ports, ExitSink sink) {
        this.built = built;
        this.graph = built.graph();
        for (int exit = 0; exit < built.exits().length; exit++) {
            int number = exit;
            captures.add(new ChangeCapture(graph, built.exit(exit), change -> sink.accept(number, change)));
        }
        this.buffers = new Changes[ports];
        for (int p = 0; p < ports; p++) {
            buffers[p] = new Changes(64);
        }
    }

    /** Where the changes an exit emits go. */
    @FunctionalInterface
    interface ExitSink {
        void accept(int exit, Change change);
    }

    List<Node> nodes() {
        return built.nodes();
    }

    /** Starts logical time {@code time} (a later one than any before, except for a stateless node fed out of order). */
    void begin(long time) {
        if (time > graph.time()) {
            graph.beginTime(time);
        }
        for (ChangeCapture capture : captures) {
            capture.time(time);
        }
    }

    void add(Change change) {
        Changes buffer = buffers[change.port()];
        buffer.add(change.key(), change.row(), change.diff());
        if (buffer.size() >= BATCH) {
            pushBuffered();
        }
    }

    /** Pushes what is buffered into the nodes; what they emit goes out at once. */
    void pushBuffered() {
        for (int p = 0; p < buffers.length; p++) {
            if (!buffers[p].isEmpty()) {
                NodeDriver.push(built.entry(p), built.entryPort(p), buffers[p]);
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

    /** Ends logical time {@code time}: pushes what is buffered and flushes every node, in creation order. */
    void finish(long time) {
        begin(time);
        pushBuffered();
        for (Node node : built.nodes()) {
            NodeDriver.flush(node, time);
        }
        touched = false;
    }

    /** Whether any node keeps state between times. */
    boolean stateful() {
        return built.nodes().stream().anyMatch(HostedNode::keepsState);
    }

    /** Writes the state of every stateful node, in order. */
    void snapshot(BinaryWriter out) {
        for (Node node : built.nodes()) {
            if (HostedNode.keepsState(node)) {
                ((Stateful) node).snapshot(out);
            }
        }
    }

    /** Reads what {@link #snapshot} wrote. */
    void restore(BinaryReader in) {
        for (Node node : built.nodes()) {
            if (HostedNode.keepsState(node)) {
                ((Stateful) node).restore(in);
            }
        }
        in.requireEnd();
    }
}
