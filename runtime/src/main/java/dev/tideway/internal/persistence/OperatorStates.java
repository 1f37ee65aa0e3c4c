package dev.tideway.internal.persistence;

import dev.tideway.internal.engine.Graph;
import dev.tideway.internal.engine.Node;
import dev.tideway.internal.engine.SourceNode;
import dev.tideway.internal.engine.Stateful;
import dev.tideway.internal.engine.identity.OperatorIdentity;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operators' states of a run: which nodes hold state, the name each is stored under, which of
 * them the run's {@link RunPlan} persists and may restore, and the identities the checkpoint records
 * with them ({@code operatorStates} in {@code docs/state-format.md}).
 *
 * <p>An operator's state is named {@code op-<position>-<kind>}, or {@code named-<name>} when the table
 * was {@code named(...)}, and a source's {@code source-<persistent id>} ({@link #stateName}). Each is
 * versioned by its {@link OperatorIdentity}: a hash of its canonical definition (its expressions,
 * schemas and parameters, and the identities of the user functions it runs) and, unless it is named,
 * of its inputs' identities back to the sources' ids (so a filter changed before a group-by changes
 * the group-by's identity). An operator whose name or identity has no match in the snapshot — added,
 * moved or changed — is rebuilt from the recorded input ({@link Recovery}). The checkpoint also
 * records the identity of the whole pipeline up to its sinks under {@value #PIPELINE}: when it
 * changed, the sinks are rewritten from the start.
 *
 * <p>Names and identities are frozen with the state format: changing one rebuilds every user's state.
 * Stateless apart from the plan; {@link #stateName} is what tideway-flink names its operators' uids by.
 */
public final class OperatorStates {
    /** A run's persistence logs under one category, {@link PersistentRun}'s. */
    private static final Logger LOG = LoggerFactory.getLogger(PersistentRun.class);
    /** The entry of the checkpoint's operator versions that holds the version of the whole pipeline up to its sinks. */
    static final String PIPELINE = "pipeline";

    private final RunPlan plan;

    OperatorStates(RunPlan plan) {
        this.plan = plan;
    }

    /**
     * The name a node's state is stored under: {@code source-<persistent id>} for a source,
     * {@code named-<name>} for a {@code named(...)} operator, else {@code op-<position>-<kind>} with
     * the characters of the kind outside {@code [A-Za-z0-9._-]} replaced by {@code _}.
     */
    public static String stateName(Node node) {
        if (node instanceof SourceNode<?> source) {
            return sourceStateName(source.persistentId());
        }
        return node.name() != null ? "named-" + node.name() : "op-" + node.index() + "-" + node.kind().replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** The name the state of the source of {@code sourceId} is stored under. */
    static String sourceStateName(String sourceId) {
        return "source-" + sourceId;
    }

    /** The operators with state, by stable name. */
    static Map<String, Stateful> all(Graph graph) {
        Map<String, Stateful> states = new LinkedHashMap<>();
        for (Node node : graph.nodes()) {
            if (node instanceof Stateful stateful && stateful.hasState() && !(node instanceof SourceNode<?>)) {
                states.put(stateName(node), stateful);
            }
        }
        return states;
    }

    /** The operators whose state this run's mode keeps, by stable name. */
    Map<String, Stateful> persisted(Graph graph) {
        Map<String, Stateful> all = all(graph);
        return switch (plan.operators()) {
            case ALL -> all;
            case NONE -> Map.of();
            case NAMED -> {
                Map<String, Stateful> named = new LinkedHashMap<>();
                all.forEach((name, state) -> {
                    if (((Node) state).name() != null) {
                        named.put(name, state);
                    }
                });
                yield named;
            }
        };
    }

    /**
     * The persisted operators whose state may be restored: in selective mode, a named operator fed
     * by a source this mode does not persist would count that source's input again, so it is rebuilt
     * — unless repeated input leaves it unchanged (a deduplicate refuses what it accepted before).
     */
    Map<String, Stateful> restorable(Map<String, Stateful> persisted) {
        if (plan.operators() != RunPlan.Operators.NAMED) {
            return persisted;
        }
        Map<String, Stateful> restorable = new LinkedHashMap<>();
        persisted.forEach((name, state) -> {
            if (state.absorbsRepeatedInput() || upstreamSources((Node) state).stream().allMatch(plan::persists)) {
                restorable.put(name, state);
            } else {
                LOG.info("operator {} is fed by a source without a persistent id, which is read again in full: rebuilding it", name);
            }
        });
        return restorable;
    }

    private static Set<SourceNode<?>> upstreamSources(Node node) {
        Set<SourceNode<?>> sources = new HashSet<>();
        Deque<Node> pending = new ArrayDeque<>(List.of(node));
        while (!pending.isEmpty()) {
            Node next = pending.pop();
            if (next instanceof SourceNode<?> source) {
                sources.add(source);
            }
            pending.addAll(next.inputs());
        }
        return sources;
    }

    /**
     * The version of each operator: its {@link OperatorIdentity}, a hash of its canonical definition
     * and, unless it is named, of its inputs' identities, back to the sources' ids.
     */
    static Map<String, String> versions(Graph graph, Map<String, Stateful> operators) {
        Map<Node, String> identities = OperatorIdentity.of(graph);
        Map<String, String> versions = new TreeMap<>();
        operators.forEach((name, state) -> versions.put(name, identities.get((Node) state)));
        return versions;
    }

    /** What a checkpoint records: the versions of the persisted operators and the pipeline's, under {@value #PIPELINE}. */
    Map<String, String> recorded(Graph graph) {
        Map<String, String> versions = versions(graph, persisted(graph));
        versions.put(PIPELINE, pipeline(graph));
        return versions;
    }

    /** The identity of the whole pipeline up to its sinks. */
    static String pipeline(Graph graph) {
        return OperatorIdentity.pipeline(graph, OperatorIdentity.of(graph));
    }

    /** Refuses two operators of one {@code named(...)} name: their states would be stored under one name. */
    static void checkNames(Graph graph) {
        Set<String> names = new HashSet<>();
        for (Node node : graph.nodes()) {
            if (node.name() != null && !names.add(node.name())) {
                throw new IllegalStateException("two operators are named \"" + node.name() + "\"; give each its own name");
            }
        }
    }
}
