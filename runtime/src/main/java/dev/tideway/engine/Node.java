package dev.tideway.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * One operator of the dataflow. During a logical time, its inputs {@link #push} batches of changes
 * into it; at the end of the time the graph calls {@link #flush} on every node in creation order
 * (which is a topological order: a node is created after its inputs). What a node {@link #emit}s is
 * delivered to its consumers right after the call that emitted it.
 */
public abstract class Node {
    private final Graph graph;
    private final int index;
    private final String kind;
    private final List<Consumer> consumers = new ArrayList<>();
    private final List<Node> inputs;
    private final Changes out = new Changes();
    private String name;
    private boolean muted;

    private record Consumer(Node node, int port) {}

    protected Node(Graph graph, String kind, Node... inputs) {
        this.graph = graph;
        this.kind = kind;
        this.inputs = List.of(inputs);
        for (int port = 0; port < inputs.length; port++) {
            if (inputs[port].graph != graph) {
                throw new IllegalArgumentException("tables of two different pipelines cannot be combined (" + inputs[port] + " and " + kind + ")");
            }
            inputs[port].consumers.add(new Consumer(this, port));
        }
        this.index = graph.add(this);
    }

    public final Graph graph() {
        return graph;
    }

    /** The node's position in the graph, stable for an unchanged pipeline. */
    public final int index() {
        return index;
    }

    /** What the node does, for messages and for state names. */
    public final String kind() {
        return kind;
    }

    /** The nodes this one reads, by port. */
    public final List<Node> inputs() {
        return inputs;
    }

    /** The name given with {@code Table.named}, or null. */
    public final String name() {
        return name;
    }

    /** Names the node: its state is then matched by this name across runs, wherever it moves in the pipeline. */
    public final void name(String value) {
        this.name = value;
    }

    /**
     * What the node computes, as text: two runs whose nodes have the same definition can share
     * state. Operators include their expressions and schemas; user functions cannot be compared, so a
     * changed lambda body keeps its state.
     */
    public String definition() {
        return kind;
    }

    /** While muted, a node ignores what its inputs push (its restored state already holds it). */
    public final void mute(boolean value) {
        this.muted = value;
    }

    /** Receives changes from the input at {@code port}, at the graph's current time. */
    protected abstract void push(int port, Changes changes);

    /** Called once at the end of every logical time in which the graph ran. */
    protected void flush(long time) {}

    /** Called once when the run ends (all sources finished, or stopped). */
    protected void end() {}

    /** Delivers what was emitted outside push and flush (a restored node re-emitting its output). */
    protected final void deliverNow() {
        deliver();
    }

    protected final void emit(long key, Object row, int diff) {
        out.add(key, row, diff);
    }

    /** Sends what was emitted to the consumers. Called by the graph after push and flush. */
    final void deliver() {
        if (out.isEmpty()) {
            return;
        }
        for (Consumer consumer : consumers) {
            if (!consumer.node.muted) {
                consumer.node.push(consumer.port, out);
                consumer.node.deliver();
            }
        }
        out.clear();
    }

    final void pushAndDeliver(int port, Changes changes) {
        push(port, changes);
        deliver();
    }

    @Override
    public String toString() {
        return kind + "#" + index;
    }
}
