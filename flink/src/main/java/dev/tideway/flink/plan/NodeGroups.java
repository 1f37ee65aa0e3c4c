package dev.tideway.flink.plan;

import dev.tideway.internal.engine.Graph;
import dev.tideway.internal.engine.Node;
import dev.tideway.internal.engine.time.WatermarkNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which nodes must run in one Flink operator: an event-time operator reads the watermark of every
 * {@code withWatermark} before it from that node itself (its {@code EventClock}), beside its input,
 * so the watermark node, the event-time operator and every node between them run together, in one
 * graph. Groups that share a node are one group. Every other node runs alone.
 */
final class NodeGroups {
    private final Map<Node, Set<Node>> groups = new HashMap<>();

    NodeGroups(Graph graph) {
        for (Node node : graph.nodes()) {
            if (!readsWatermarks(node)) {
                continue;
            }
            Set<Node> members = new LinkedHashSet<>();
            Map<Node, Boolean> reaches = new HashMap<>();
            collect(node, members, reaches);
            if (members.size() < 2) {
                continue;
            }
            Set<Node> merged = new LinkedHashSet<>(members);
            for (Node member : members) {
                Set<Node> existing = groups.get(member);
                if (existing != null) {
                    merged.addAll(existing);
                }
            }
            for (Node member : merged) {
                groups.put(member, merged);
            }
        }
    }

    /** An event-time operator, which follows the watermarks declared before it. */
    private static boolean readsWatermarks(Node node) {
        return node.getClass().getPackageName().equals("dev.tideway.internal.engine.time") && !(node instanceof WatermarkNode);
    }

    /** Adds to {@code members} the nodes from {@code node} back to the watermark nodes before it (as EventClock.of walks). */
    private static boolean collect(Node node, Set<Node> members, Map<Node, Boolean> reaches) {
        Boolean known = reaches.get(node);
        if (known != null) {
            return known;
        }
        boolean found = node instanceof WatermarkNode;
        if (!found) {
            for (Node input : node.inputs()) {
                found |= collect(input, members, reaches);
            }
        }
        reaches.put(node, found);
        if (found) {
            members.add(node);
        }
        return found;
    }

    /** The nodes that run with {@code node}, in creation order (itself alone, usually). */
    List<Node> of(Node node) {
        Set<Node> group = groups.get(node);
        if (group == null) {
            return List.of(node);
        }
        TreeSet<Node> ordered = new TreeSet<>((a, b) -> Integer.compare(a.index(), b.index()));
        ordered.addAll(group);
        return new ArrayList<>(ordered);
    }
}
