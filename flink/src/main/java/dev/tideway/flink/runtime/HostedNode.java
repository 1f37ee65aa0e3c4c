package dev.tideway.flink.runtime;

import dev.tideway.internal.engine.Graph;
import dev.tideway.internal.engine.Node;
import dev.tideway.internal.engine.Partitioned;
import dev.tideway.internal.engine.Stateful;
import dev.tideway.flink.PipelineDefinition;
import dev.tideway.flink.plan.PipelineGraphs;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Which engine nodes a Flink operator hosts, as a value shipped to the tasks: the nodes at {@code
 * members} of the pipeline {@code definition} builds (each checked against its definition), run in one
 * graph of the task's own, so that what passes between them stays inside it. Usually one node; several
 * when a node reads another's state beside its input (an event-time operator reads the watermark of
 * a {@code withWatermark} before it), so they must run together. With {@code consolidate}, the
 * operator instead consolidates the one member's output before a sink.
 *
 * @param definition the pipeline
 * @param members the hosted nodes' positions in the pipeline's graph, in creation order
 * @param memberDefinitions what each member computes, to check the task's graph against
 * @param entries per input port of the operator: the member it feeds (an index into {@code members}) and that member's input port
 * @param exits the members whose output leaves the operator (indexes into {@code members}), by output number
 * @param version the members' identity (definitions and, unless named, inputs back to the sources' ids), stored with their state
 * @param consolidate whether the operator consolidates the member's output for a sink rather than running it
 */
public record HostedNode(PipelineDefinition definition, int[] members, String[] memberDefinitions, int[][] entries, int[] exits,
                         String version, boolean consolidate) implements Serializable {
    /** One node, fed by its own inputs, its output leaving. */
    public static HostedNode of(PipelineDefinition definition, Node node, String version) {
        int[][] entries = new int[node.inputs().size()][];
        for (int port = 0; port < entries.length; port++) {
            entries[port] = new int[] {0, port};
        }
        return new HostedNode(definition, new int[] {node.index()}, new String[] {node.definition()}, entries, new int[] {0}, version, false);
    }

    /** The consolidation of {@code node}'s output, for a sink. */
    public static HostedNode consolidationOf(PipelineDefinition definition, Node node, String version) {
        return new HostedNode(definition, new int[] {node.index()}, new String[] {node.definition()}, new int[][] {{0, 0}},
                new int[] {0}, version, true);
    }

    /** The hosted nodes, built again in a graph of their own. */
    public Built build() {
        Graph graph = PipelineGraphs.build(definition);
        List<Node> nodes = new ArrayList<>();
        for (int m = 0; m < members.length; m++) {
            nodes.add(PipelineGraphs.node(graph, members[m], memberDefinitions[m]));
        }
        for (Node node : graph.nodes()) {
            node.mute(consolidate || !nodes.contains(node));
        }
        if (consolidate) {
            return new Built(graph, List.of(new ConsolidateNode(graph, nodes.get(0))), new int[][] {{0, 0}}, new int[] {0});
        }
        return new Built(graph, nodes, entries, exits);
    }

    /** The nodes of one copy: in creation order, with where each input port goes and which nodes' output leaves. */
    public record Built(Graph graph, List<Node> nodes, int[][] entries, int[] exits) {
        /** The node that input {@code port} feeds. */
        public Node entry(int port) {
            return nodes.get(entries[port][0]);
        }

        /** The input of {@link #entry} that {@code port} is. */
        public int entryPort(int port) {
            return entries[port][1];
        }

        /** The node whose output is output {@code exit}. */
        public Node exit(int exit) {
            return nodes.get(exits[exit]);
        }
    }

    /** What the operator is called in messages: its nodes. */
    public String describe() {
        return Arrays.toString(memberDefinitions) + " (#" + Arrays.toString(members) + ")";
    }

    /** Whether a node keeps state between logical times (what a checkpoint must hold). */
    public static boolean keepsState(Node node) {
        return node instanceof Stateful stateful && stateful.hasState();
    }

    /** Whether the node may be split by partition key (see {@link Partitioned}). */
    public static boolean partitioned(Node node) {
        return node instanceof Partitioned;
    }
}
