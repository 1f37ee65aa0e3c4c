package dev.tideway.internal.persistence;

import dev.tideway.internal.engine.CheckpointStatistics;
import dev.tideway.internal.engine.Graph;
import dev.tideway.internal.engine.Node;
import dev.tideway.internal.engine.SourceNode;
import dev.tideway.internal.engine.Stateful;
import dev.tideway.internal.engine.UdfCache;
import dev.tideway.internal.storage.SnapshotStore;
import dev.tideway.internal.storage.UdfCacheStore;
import dev.tideway.internal.storage.UnitRowStore;
import dev.tideway.schema.BinaryWriter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a snapshot (step 8 of the commit protocol in {@code docs/state-format.md}): the state of every
 * persisted source (each unit's rows saved first as a {@code rows/…} object, once per content) and of
 * every persisted operator, one object {@code snapshots/<id>/<state name>} each ({@link SnapshotStore}),
 * then the cache of each caching UDF that changed ({@code udf-cache/<name>}, {@link UdfCacheStore}).
 * Nothing names the snapshot until {@link CommitProtocol} commits the metadata.
 *
 * <p>Used on the run's thread only.
 */
final class SnapshotWriter {
    private final RunPlan plan;
    private final OperatorStates operators;
    private final SnapshotStore snapshots;
    private final UnitRowStore unitRows;
    private final UdfCacheStore udfCaches;
    private final CheckpointStatistics statistics;

    SnapshotWriter(RunPlan plan, OperatorStates operators, StateLocation location, CheckpointStatistics statistics) {
        this.plan = plan;
        this.operators = operators;
        this.snapshots = location.snapshots();
        this.unitRows = location.unitRows();
        this.udfCaches = location.udfCaches();
        this.statistics = statistics;
    }

    /** Writes the states of the sources and operators as snapshot {@code snapshotId}. */
    void write(Graph graph, long snapshotId) {
        long started = System.nanoTime();
        Map<Node, Long> sizes = new HashMap<>();
        Map<String, byte[]> states = new LinkedHashMap<>();
        BinaryWriter out = new BinaryWriter(1 << 16);
        unitRows.beginSnapshot();
        for (SourceNode<?> source : graph.sources()) {
            if (plan.persists(source)) {
                out.reset();
                source.snapshot(out, plan.rows(), unitRows);
                states.put(OperatorStates.stateName(source), out.toByteArray());
                sizes.put(source, (long) out.size());
            }
        }
        for (Map.Entry<String, Stateful> operator : operators.persisted(graph).entrySet()) {
            out.reset();
            operator.getValue().snapshot(out);
            states.put(operator.getKey(), out.toByteArray());
            sizes.put((Node) operator.getValue(), (long) out.size());
        }
        // Written in two halves so that a test can crash between them: a partial snapshot is never
        // named by metadata, and is deleted at the next start.
        Map<String, byte[]> first = new LinkedHashMap<>();
        Map<String, byte[]> second = new LinkedHashMap<>();
        int i = 0;
        for (Map.Entry<String, byte[]> state : states.entrySet()) {
            (i++ < states.size() / 2 ? first : second).put(state.getKey(), state.getValue());
        }
        snapshots.write(snapshotId, first);
        CrashPoints.reach(CrashPoints.DURING_SNAPSHOT);
        snapshots.write(snapshotId, second);
        statistics.snapshotted(states.values().stream().mapToLong(state -> state.length).sum(), System.nanoTime() - started, sizes);
    }

    /** Whether a caching UDF's cache changed since it was last written. */
    static boolean udfCachesDirty(Graph graph) {
        return graph.udfCaches().stream().anyMatch(UdfCache::dirty);
    }

    /** Writes the cache of every caching UDF that changed (overwritten: a cache is not part of a snapshot's objects). */
    void writeUdfCaches(Graph graph) {
        for (UdfCache<?, ?> cache : graph.udfCaches()) {
            if (cache.dirty()) {
                udfCaches.write(cache);
            }
        }
    }
}
