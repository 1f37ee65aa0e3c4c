package dev.tideway.flink.plan;

import dev.tideway.engine.Graph;
import dev.tideway.engine.KeyHasher;
import dev.tideway.engine.Node;
import dev.tideway.engine.SinkNode;
import dev.tideway.engine.SourceNode;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The identity of each node of a pipeline on Flink, as Tideway's own persistence names and versions
 * operator state: a source by its persistent id, a {@code named(...)} operator by its name, any other
 * by its position and kind ({@link #uid}); and a version, a hash of its definition and, unless it is
 * named, of its inputs' versions back to the sources' ids ({@link #version}). The uid becomes the
 * Flink operator's {@code uid}, so a savepoint's state goes back to the operator Tideway's own state
 * would; the version is stored with the state, and state of another version is refused.
 */
public final class OperatorIdentity {
    private final Map<Node, String> versions = new HashMap<>();

    /** The identities of {@code graph}'s nodes (its sources' persistent ids assigned). */
    public OperatorIdentity(Graph graph) {
        for (Node node : graph.nodes()) { // in creation order: inputs first
            StringBuilder text = new StringBuilder();
            if (node instanceof SourceNode<?> source) {
                text.append("source ").append(source.persistentId());
            } else if (node.name() != null) {
                text.append("named ").append(node.name()).append(": ").append(node.definition());
            } else {
                text.append(node.definition()).append(" of");
                for (Node input : node.inputs()) {
                    text.append(' ').append(versions.get(input));
                }
            }
            byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
            versions.put(node, Long.toHexString(KeyHasher.hash(bytes, bytes.length)));
        }
    }

    /** The Flink uid of a node's operator: {@code source-<id>}, {@code named-<name>}, {@code sink-<output>} or {@code op-<position>-<kind>}. */
    public String uid(Node node) {
        if (node instanceof SourceNode<?> source) {
            return "source-" + source.persistentId();
        }
        if (node instanceof SinkNode<?> sink) {
            return "sink-" + sink.connector().name();
        }
        if (node.name() != null) {
            return "named-" + node.name();
        }
        return "op-" + node.index() + "-" + node.kind().replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** The version of a node: its definition and, unless named, its inputs' versions. */
    public String version(Node node) {
        return versions.get(node);
    }
}
