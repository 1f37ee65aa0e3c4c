package dev.tideway.flink.plan;

import dev.tideway.internal.engine.Graph;
import dev.tideway.internal.engine.Node;
import dev.tideway.internal.engine.SinkNode;
import dev.tideway.internal.persistence.OperatorStates;
import java.util.Map;

/**
 * The identity of each node of a pipeline on Flink, as Tideway's own persistence names and versions
 * operator state: a source by its persistent id, a {@code named(...)} operator by its name, any other
 * by its position and kind ({@link #uid}, by {@link OperatorStates#stateName}); and a version, the
 * node's identity in the engine's terms ({@link dev.tideway.internal.engine.identity.OperatorIdentity}:
 * its canonical definition and, unless it is named, its inputs' identities back to the sources' ids). The uid becomes the Flink operator's
 * {@code uid}, so a savepoint's state goes back to the operator Tideway's own state would; the version
 * is stored with the state, and state of another version is refused, where Tideway would rebuild it.
 */
public final class OperatorIdentity {
    private final Map<Node, String> versions;

    /** The identities of {@code graph}'s nodes (its sources' persistent ids assigned). */
    public OperatorIdentity(Graph graph) {
        this.versions = dev.tideway.internal.engine.identity.OperatorIdentity.of(graph);
    }

    /** The Flink uid of a node's operator: {@code source-<id>}, {@code named-<name>}, {@code sink-<output>} or {@code op-<position>-<kind>}. */
    public String uid(Node node) {
        if (node instanceof SinkNode<?> sink) {
            return "sink-" + sink.connector().persistentName();
        }
        // the name Tideway's own snapshots store the node's state under
        return OperatorStates.stateName(node);
    }

    /** The version of a node: its identity, {@code i1-} and 16 hex digits. */
    public String version(Node node) {
        return versions.get(node);
    }
}
