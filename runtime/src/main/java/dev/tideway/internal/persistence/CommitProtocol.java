package dev.tideway.internal.persistence;

import dev.tideway.internal.engine.CheckpointStatistics;
import dev.tideway.internal.engine.Graph;
import dev.tideway.internal.engine.SourceNode;
import dev.tideway.internal.storage.Checkpoint;
import dev.tideway.internal.storage.MetadataStore;
import dev.tideway.internal.storage.SourceCheckpoint;
import dev.tideway.persistence.PersistenceException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The commit protocol of a persisted run, after every batch ({@code docs/state-format.md}, "Commit
 * protocol", steps 1 to 14), as its {@link RunPlan} (mode and snapshot access) says.
 *
 * <p>A commit ({@link #commit}) does, in this order (the steps as the document numbers them; step 0,
 * the rows stored while reading, happened before): (1) takes every source's new log records out of
 * the source (in memory; they hold the sources' own offsets too); (2) commits every sink: its data
 * flushed and forced, its position (a file's length) kept, and a transactional sink's transaction
 * prepared (its pre-commit: sent, not visible), with what finishes it kept in memory when its
 * position moved ({@link SinkCommits}); (3, 5, 7) skips what the mode does not write; waits for the
 * rows objects the sources stored while reading; (4) decides whether a snapshot is due
 * ({@link SnapshotSchedule}, and here: named operators are always dirty); (6) without a snapshot,
 * writes each source's records as one immutable log segment numbered by the next commit sequence
 * ({@link SourceLogs}); (8) with a snapshot, writes its objects ({@link SnapshotWriter}: the sources'
 * states, their new unit rows objects first, then the operators' states) and then the caches of the
 * UDFs whose cache changed; (9) writes what finishes each prepared transaction
 * ({@code prepared/<sink>/<position>}); (10) writes the metadata last, create-only: the generation
 * naming the snapshot, the log sequence, every source's schema and offsets, the sinks' positions and
 * the operators' identities ({@link OperatorStates}); (11) deletes the prepared transactions the
 * metadata no longer names; (12) after a new snapshot, deletes the older snapshots, the log segments it
 * covers and the unit rows no snapshot names; (13) commits the transactional sinks' prepared
 * transactions (the second phase, now that the metadata naming them is durable); (14) tells the
 * sources the commit is durable (they may acknowledge their offsets to a queue).
 *
 * <p>A crash at any point before step 10 leaves the previous commit as the consistent point: its log
 * segments above the committed sequence and its newer snapshots are deleted at the next start, the
 * sinks cut back to their committed positions (a transactional sink aborts its open transaction and
 * finishes the prepared one the metadata names: committed once, never twice), and the sources read
 * again what those segments held. A crash between steps 10 and 13 leaves a transaction the metadata
 * names, which recovery commits if it was not. {@link CrashPoints} kill a test's process at these points.
 *
 * <p>Used on the run's thread only.
 */
final class CommitProtocol {
    /** A run's persistence logs under one category, {@link PersistentRun}'s. */
    private static final Logger LOG = LoggerFactory.getLogger(PersistentRun.class);

    private final RunPlan plan;
    private final StateLocation location;
    private final MetadataStore metadata;
    private final OperatorStates operators;
    private final SourceLogs logs;
    private final SinkCommits sinks;
    private final SnapshotSchedule schedule;
    private final SnapshotWriter snapshotWriter;
    private final CheckpointStatistics statistics;
    private long sequence;
    private long snapshotId = Checkpoint.NO_SNAPSHOT;
    /** Whether this run committed new input. */
    private boolean recordedInput;

    CommitProtocol(RunPlan plan, StateLocation location, OperatorStates operators, SourceLogs logs, SinkCommits sinks,
                   SnapshotSchedule schedule, SnapshotWriter snapshotWriter, CheckpointStatistics statistics) {
        this.plan = plan;
        this.location = location;
        this.metadata = location.metadata();
        this.operators = operators;
        this.logs = logs;
        this.sinks = sinks;
        this.schedule = schedule;
        this.snapshotWriter = snapshotWriter;
        this.statistics = statistics;
    }

    /** Continues after the log sequence and the snapshot {@code checkpoint} committed. */
    void resumeAt(Checkpoint checkpoint) {
        sequence = checkpoint.walSequence();
        snapshotId = checkpoint.snapshotId();
    }

    /** Makes the batch of {@code time} durable, then commits the transactional sinks and tells the sources. */
    void commit(Graph graph, long time) throws IOException {
        statistics.commitStarted();
        sinks.startCommit();
        commitState(graph, time);
        // the second phase: the metadata naming what the sinks prepared is durable (or none was due)
        SinkCommits.commitPrepared(graph);
        for (SourceNode<?> source : graph.sources()) {
            source.committed();
        }
    }

    /** The first phase of {@link #commit}: logs, the sinks' data, a snapshot if due, the metadata last. */
    private void commitState(Graph graph, long time) throws IOException {
        List<SourceLogs.Entry> records = new ArrayList<>();
        for (SourceNode<?> source : graph.sources()) {
            for (byte[] record : source.drainLog()) {
                records.add(new SourceLogs.Entry(source, record));
            }
        }
        boolean changed = !records.isEmpty();
        boolean sinksMoved = sinks.precommit(graph);
        if (!plan.write()) {
            return;
        }
        // the rows objects the log records and the snapshot name are durable before either is written
        location.unitRows().awaitWrites();
        schedule.changed(changed);
        if (plan.operators() == RunPlan.Operators.NAMED && !operators.persisted(graph).isEmpty()) {
            // named operators may be fed by sources that record nothing: their state changes all the same
            schedule.changed(true);
        }
        boolean lastBatch = graph.sources().stream().allMatch(SourceNode::finished);
        // a non-deterministic operator cannot be rebuilt by replaying its input: never leave it a log tail
        boolean unreplayable = operators.persisted(graph).values().stream().anyMatch(state -> !state.replayable());
        // without a log (positions only), every change is committed by a snapshot of the positions
        boolean snapshot = schedule.due(changed, logs.isEmpty(), lastBatch, unreplayable);
        if (plan.recordOnlyNew() && !changed && !recordedInput) {
            return;   // a replay that has read nothing new leaves the state as it was
        }
        recordedInput |= changed;
        if (changed && !logs.isEmpty() && !snapshot) {
            // a commit that snapshots needs no log: the snapshot holds this batch's state
            logs.append(records, time);
            sequence++;
            logs.commit(sequence);
            CrashPoints.reach(CrashPoints.AFTER_LOG);
        }
        if (!changed && !sinksMoved && !snapshot) {
            return;
        }
        writeCheckpoint(graph, time, snapshot);
    }

    /** After the last batch of a run that ended normally: a final snapshot if anything changed since the last one. */
    void finish(Graph graph, long time) {
        if (plan.write() && (schedule.pending() || SnapshotWriter.udfCachesDirty(graph))) {
            writeCheckpoint(graph, Math.max(time, graph.time()), true);
        }
    }

    private void writeCheckpoint(Graph graph, long time, boolean snapshot) {
        long previousSnapshot = snapshotId;
        if (snapshot) {
            if (sequence == previousSnapshot) {
                // a snapshot is named by the log sequence it covers; never reuse the name of one in use
                sequence++;
            }
            snapshotId = sequence;
            snapshotWriter.write(graph, snapshotId);
            snapshotWriter.writeUdfCaches(graph);
            schedule.taken();
        }
        sinks.writePrepared();
        location.unitRows().awaitWrites();
        CrashPoints.reach(CrashPoints.BEFORE_METADATA);
        metadata.commit(new Checkpoint(metadata.nextGeneration(), time, snapshotId, sequence, sourceCheckpoints(graph),
                sinks.positions(), operators.recorded(graph)));
        CrashPoints.reach(CrashPoints.AFTER_METADATA);
        sinks.deleteReleased();
        if (snapshot && previousSnapshot != snapshotId) {
            // what the new snapshot covers; a failure here leaves garbage for the next snapshot, not damage
            try {
                location.snapshots().deleteOlderThan(snapshotId);
                logs.deleteUpTo(snapshotId);
                location.unitRows().deleteUnreferenced();
            } catch (PersistenceException e) {
                LOG.warn("cannot delete what snapshot {} covers at {}: {}; it is retried after the next snapshot",
                        snapshotId, location.describe(), e.getMessage());
            }
        }
    }

    private Map<String, SourceCheckpoint> sourceCheckpoints(Graph graph) {
        Map<String, SourceCheckpoint> sources = new LinkedHashMap<>();
        for (SourceNode<?> source : graph.sources()) {
            if (plan.persists(source)) {
                byte[] offsets = String.join("\n", source.locations()).getBytes(StandardCharsets.UTF_8);
                sources.put(source.persistentId(), new SourceCheckpoint(SchemaMigration.persistedDescription(source.schema()),
                        Long.toHexString(source.schema().fingerprint()), offsets));
            }
        }
        return sources;
    }
}
