package dev.tideway.flink.runtime;

import dev.tideway.internal.engine.Changes;
import dev.tideway.internal.engine.Graph;
import dev.tideway.internal.engine.Node;

/**
 * The consumer of a hosted node in its task's graph: hands every change the node emits to Flink, as
 * a {@link Change} at the logical time being computed.
 */
public final class ChangeCapture extends Node {
    /** Where captured changes go. */
    @FunctionalInterface
    public interface Sink {
        void accept(Change change);
    }

    private final Sink sink;
    private long time;

    /** Reads what {@code hosted} emits; every other consumer of it in the graph is muted, so only this one sees it. */
    public ChangeCapture(Graph graph, Node hosted, Sink sink) {
        super(graph, "flink-output", hosted);
        this.sink = sink;
    }

    /** The logical time the changes emitted from now on belong to. */
    public void time(long value) {
        this.time = value;
    }

    @Override
    protected void push(int port, Changes changes) {
        for (int i = 0; i < changes.size(); i++) {
            sink.accept(new Change(changes.key(i), changes.row(i), time, changes.diff(i), 0));
        }
    }

    /**
     * Mutes every node of the graph but {@code hosted} (and the capture, made after): in a task's copy
     * of the pipeline, only the hosted node runs; its inputs are fed by Flink, its other consumers run
     * in other tasks.
     */
    public static void muteAllBut(Graph graph, Node hosted) {
        for (Node node : graph.nodes()) {
            node.mute(node != hosted);
        }
    }
}
