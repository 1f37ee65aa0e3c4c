package dev.tideway.flink.plan;

import dev.tideway.internal.engine.Graph;
import dev.tideway.internal.engine.Node;
import dev.tideway.internal.engine.Runner;
import dev.tideway.flink.PipelineDefinition;

/**
 * Builds the engine's graph of a {@link PipelineDefinition} in a graph of its own, off whatever the
 * calling thread was building, with the sources' persistent ids assigned as the embedded run assigns
 * them. The client builds it once to translate; each Flink task builds its own copy to host nodes.
 */
public final class PipelineGraphs {
    private PipelineGraphs() {}

    /** A new graph of the pipeline; throws what the definition throws. */
    public static Graph build(PipelineDefinition definition) {
        Graph graph = new Graph();
        Graph previous = Graph.enter(graph);
        try {
            definition.build();
        } finally {
            Graph.leave(graph, previous);
        }
        Runner.assignPersistentIds(graph);
        return graph;
    }

    /**
     * The node at {@code index} of a graph built again on a task, checked against what the client
     * translated: a definition that builds another pipeline on the task (randomness, local files)
     * would otherwise run the wrong code on every row.
     *
     * @throws IllegalStateException naming both nodes, when they differ
     */
    public static Node node(Graph graph, int index, String expectedDefinition) {
        if (index >= graph.nodes().size()) {
            throw differs(index, expectedDefinition, "no such node: the pipeline has " + graph.nodes().size());
        }
        Node node = graph.nodes().get(index);
        if (!node.definition().equals(expectedDefinition)) {
            throw differs(index, expectedDefinition, node.definition());
        }
        return node;
    }

    private static IllegalStateException differs(int index, String expected, String found) {
        return new IllegalStateException("the PipelineDefinition built another pipeline on this Flink task than on the client: node #"
                + index + " is \"" + found + "\", where the client translated \"" + expected + "\". A PipelineDefinition must build"
                + " the same operators in the same order wherever it runs: no randomness, nothing read from the local machine");
    }
}
