package dev.tideway.internal.persistence;

import dev.tideway.internal.engine.Graph;
import dev.tideway.internal.engine.SourceNode;
import dev.tideway.internal.engine.Stateful;
import dev.tideway.internal.storage.Checkpoint;
import dev.tideway.internal.storage.SnapshotStore;
import dev.tideway.persistence.PersistenceException;
import dev.tideway.schema.BinaryReader;
import dev.tideway.schema.CodecException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the snapshot a checkpoint names and restores from it (steps 5 and 8 of recovery in
 * {@code docs/state-format.md}): {@link #readWhole} reads every state object the checkpoint says the
 * snapshot holds before anything is changed (a missing one is damage); {@link #restore} restores the
 * persisted sources and the operators whose {@link OperatorStates identity} is the one recorded, and
 * leaves the others to be rebuilt from the input. Nothing is emitted by a restore.
 *
 * <p>Used on the run's thread only.
 */
final class SnapshotRestore {
    /** A run's persistence logs under one category, {@link PersistentRun}'s. */
    private static final Logger LOG = LoggerFactory.getLogger(PersistentRun.class);

    private final RunPlan plan;
    private final StateLocation location;
    private final SnapshotStore snapshots;

    SnapshotRestore(RunPlan plan, StateLocation location) {
        this.plan = plan;
        this.location = location;
        this.snapshots = location.snapshots();
    }

    /** Every state the checkpoint's snapshot must hold; a missing one is damage, reported with what to do. */
    Map<String, byte[]> readWhole(Checkpoint checkpoint) {
        Map<String, byte[]> states = snapshots.read(checkpoint.snapshotId());
        List<String> required = new ArrayList<>();
        for (String sourceId : checkpoint.sources().keySet()) {
            required.add(OperatorStates.sourceStateName(sourceId));
        }
        for (String operator : checkpoint.operatorStates().keySet()) {
            if (!operator.equals(OperatorStates.PIPELINE)) {
                required.add(operator);
            }
        }
        List<String> missing = required.stream().filter(name -> !states.containsKey(name)).sorted().toList();
        if (!missing.isEmpty()) {
            throw new PersistenceException("the state at " + location.describe() + " is damaged: its committed snapshot "
                    + checkpoint.snapshotId() + " (metadata generation " + checkpoint.generation() + ") lacks " + missing
                    + ". Restore the state location from a backup, or move it and the outputs away to start afresh.");
        }
        return states;
    }

    /**
     * Restores the persisted sources from their {@code states}; with {@code positionsOnly}, each then
     * forgets its rows: what was read before is not replayed, even if an earlier run kept it.
     */
    void restoreSources(Graph graph, Map<String, byte[]> states, boolean positionsOnly) {
        for (SourceNode<?> source : graph.sources()) {
            byte[] state = states.get(OperatorStates.stateName(source));
            if (state != null && plan.persists(source)) {
                restore(state, source::restore, OperatorStates.stateName(source));
                if (positionsOnly) {
                    source.forgetRows();
                }
            }
        }
    }

    /** Restores the persisted sources and the operators whose state fits; returns the operators restored. */
    Map<String, Stateful> restore(Graph graph, Checkpoint checkpoint, Map<String, byte[]> states,
                                  Map<String, Stateful> operators, boolean migrated) {
        // positions only: what was read before is not replayed, even if an earlier run kept it
        restoreSources(graph, states, !plan.rows());
        Map<String, Stateful> restored = new LinkedHashMap<>();
        if (migrated) {
            LOG.info("a source's schema changed: rebuilding every operator's state from the input");
            return restored;
        }
        Map<String, String> versions = OperatorStates.versions(graph, operators);
        for (Map.Entry<String, Stateful> operator : operators.entrySet()) {
            String name = operator.getKey();
            byte[] state = states.get(name);
            if (state != null && versions.get(name).equals(checkpoint.operatorStates().get(name))) {
                restore(state, operator.getValue()::restore, name);
                restored.put(name, operator.getValue());
            } else {
                LOG.info("operator {} has no matching state (it is new, moved or changed): rebuilding it from the input", name);
            }
        }
        return restored;
    }

    private void restore(byte[] state, Consumer<BinaryReader> target, String name) {
        BinaryReader in = new BinaryReader(state);
        try {
            target.accept(in);
            in.requireEnd();
        } catch (CodecException e) {
            throw new PersistenceException("the snapshotted state \"" + name + "\" at " + location.describe()
                    + " cannot be read: " + e.getMessage(), e);
        }
    }
}
