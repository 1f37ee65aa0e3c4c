package dev.tideway.internal.engine.identity;

import dev.tideway.internal.engine.Graph;
import dev.tideway.internal.engine.Node;
import dev.tideway.internal.engine.SinkNode;
import dev.tideway.internal.engine.SourceNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The identity of each operator of a pipeline: a frozen, versioned function of the operator's
 * canonical definition and of its inputs' identities, as Flink's {@code StreamGraphHasherV2} hashes
 * a node with its inputs. Persistence keeps an operator's state across runs only while its identity
 * is the one recorded with the state; a changed operator, or one after a changed operator, is rebuilt
 * from the recorded input, and the outputs it feeds are rewritten.
 *
 * <p>Version {@value #VERSION}, as {@code docs/state-format.md} ("Operator identity") describes it:
 * <pre>
 * identity(source)   = "i1-" hex16(sha256("source " id))
 * identity(named)    = "i1-" hex16(sha256("named " name "\n" definition))
 * identity(operator) = "i1-" hex16(sha256(definition { "\n" identity(input) }))
 * pipeline           = "i1-" hex16(sha256(sorted(sinkName "=" identity(sink)) joined by "\n"))
 * </pre>
 * where {@code definition} is the operator's {@linkplain Node#definition canonical definition}
 * ({@link OperatorDefinition}, {@link Canonical}) and {@code hex16} the first 8 bytes in lowercase hex.
 * A {@code named(...)} operator's identity leaves out its inputs: it keeps its state whatever changes
 * before it, as an operator with a uid does in Flink. Never computed from {@code toString()}.
 *
 * <pre>{@code
 * Map<Node, String> identities = OperatorIdentity.of(graph);
 * }</pre>
 *
 * <p>Stateless and thread-safe. Changing anything here, or any canonical text, changes every user's
 * identities and rebuilds their state: it needs a new version, and a golden test pins the current one.
 */
public final class OperatorIdentity {
    /** The version of the identity function; the prefix {@code i<version>-} of every identity. */
    public static final int VERSION = 1;
    private static final String PREFIX = "i" + VERSION + "-";

    private OperatorIdentity() {}

    /** The identity of every node of {@code graph}, sources and sinks included. */
    public static Map<Node, String> of(Graph graph) {
        Map<Node, String> identities = new IdentityHashMap<>();
        for (Node node : graph.nodes()) { // in creation order: inputs first
            identities.put(node, of(node, identities));
        }
        return identities;
    }

    private static String of(Node node, Map<Node, String> inputs) {
        if (node instanceof SourceNode<?> source) {
            return identity("source " + source.persistentId());
        }
        if (node.name() != null) {
            return identity("named " + node.name() + "\n" + node.definition());
        }
        StringBuilder text = new StringBuilder(node.definition());
        for (Node input : node.inputs()) {
            text.append('\n').append(inputs.get(input));
        }
        return identity(text.toString());
    }

    /** The identity of the whole pipeline up to its sinks: what its outputs hold depends on nothing else. */
    public static String pipeline(Graph graph, Map<Node, String> identities) {
        List<String> sinks = graph.sinks().stream().map(sink -> sinkName(sink) + "=" + identities.get(sink)).sorted().toList();
        return identity(String.join("\n", sinks));
    }

    private static String sinkName(SinkNode<?> sink) {
        return sink.connector().persistentName();
    }

    /** An identity of canonical text. */
    static String identity(String text) {
        return PREFIX + digest(text);
    }

    /** The first 8 bytes of the SHA-256 of {@code text}'s UTF-8 bytes, in lowercase hex. */
    static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
