package dev.tideway.flink.runtime;

import dev.tideway.engine.Graph;
import dev.tideway.engine.Node;
import dev.tideway.engine.Partitioned;
import dev.tideway.engine.Stateful;
import dev.tideway.flink.PipelineDefinition;
import dev.tideway.flink.plan.PipelineGraphs;
import java.io.Serializable;

/**
 * Which engine node a Flink operator hosts, as a value shipped to the tasks: node {@code index} of the
 * pipeline {@code definition} builds (checked against {@code nodeDefinition}), or, with {@code
 * consolidate}, the consolidation of that node's output before a sink. {@code version} is the
 * node's identity (its definition and, unless named, its inputs' back to the sources' ids, as the
 * embedded engine's persistence versions operators); state written under another version is refused.
 *
 * @param definition the pipeline
 * @param index the node's position in the pipeline's graph
 * @param nodeDefinition what the node computes, to check the task's graph against
 * @param version the node's identity, stored with its state
 * @param consolidate whether the operator consolidates the node's output for a sink rather than running the node
 */
public record HostedNode(PipelineDefinition definition, int index, String nodeDefinition, String version, boolean consolidate)
        implements Serializable {
    /** A copy of the hosted node in a new graph of the pipeline, with everything else in the graph muted. */
    public Node build() {
        Graph graph = PipelineGraphs.build(definition);
        Node node = PipelineGraphs.node(graph, index, nodeDefinition);
        ChangeCapture.muteAllBut(graph, consolidate ? null : node);
        return consolidate ? new ConsolidateNode(graph, node) : node;
    }

    /** Whether the hosted node keeps state between logical times (what a checkpoint must hold). */
    public static boolean keepsState(Node node) {
        return node instanceof Stateful stateful && stateful.hasState();
    }

    /** Whether the node may be split by partition key (see {@link Partitioned}). */
    public static boolean partitioned(Node node) {
        return node instanceof Partitioned;
    }
}
