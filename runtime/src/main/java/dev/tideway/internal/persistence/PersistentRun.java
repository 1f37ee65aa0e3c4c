package dev.tideway.internal.persistence;

import dev.tideway.internal.engine.CheckpointStatistics;
import dev.tideway.internal.engine.Checkpointing;
import dev.tideway.internal.engine.Graph;
import dev.tideway.internal.storage.Checkpoint;
import dev.tideway.internal.storage.StoragePairing;
import dev.tideway.persistence.PersistenceConfig;
import dev.tideway.persistence.StateLock;
import java.io.IOException;
import java.util.Optional;

/**
 * Persistence of one run: recovers the state at start and commits it after every batch, as its
 * {@link RunPlan} (mode and snapshot access) says. {@code docs/state-format.md} describes the objects
 * and these protocols step by step.
 *
 * <p>A coordinator: it holds the lock of the state location from {@link #recover} to {@link #close},
 * and hands each step to the class whose job it is:
 * <ul>
 *   <li>{@link Recovery}: at start, the newest intact metadata, the snapshot it names
 *       ({@link SnapshotRestore}), the log tail ({@link LogTail}), the sinks opened at their committed
 *       positions, the operators that cannot be restored rebuilt from the input;</li>
 *   <li>{@link CommitProtocol}: after every batch, the sources' log records ({@link SourceLogs}), the
 *       sinks' pre-commit and second phase ({@link SinkCommits}), a snapshot when
 *       {@link SnapshotSchedule} says it is due ({@link SnapshotWriter}), the metadata last;</li>
 *   <li>{@link OperatorStates}: the name each operator's state is stored under and the identity it is
 *       recorded with;</li>
 *   <li>{@link StateLocation}: the stores, with the metadata (and the lock) in the config's metadata
 *       backend and everything else (log, snapshots, unit rows, UDF caches, prepared transactions) in its
 *       snapshot backend; a {@link StoragePairing} refuses a pair that does not belong together before
 *       anything is written, and records the pairing before the first data.</li>
 * </ul>
 *
 * <pre>{@code
 * Checkpointing persistence = new PersistentRun(config);
 * long time = persistence.recover(graph);   // -1 without state
 * ... persistence.commit(graph, batchTime) after every batch ...
 * persistence.finish(graph, lastTime);
 * persistence.close();
 * }</pre>
 *
 * <p>Used by the run loop's thread only, as its parts are.
 */
public final class PersistentRun implements Checkpointing {
    private final PersistenceConfig config;
    private final StateLocation location;
    private final Recovery recovery;
    private final CommitProtocol commits;
    private final CheckpointStatistics statistics = new CheckpointStatistics();
    private StateLock lock;

    public PersistentRun(PersistenceConfig config) {
        this.config = config;
        RunPlan plan = RunPlan.of(config);
        this.location = StateLocation.of(config);
        OperatorStates operators = new OperatorStates(plan);
        SourceLogs logs = new SourceLogs(plan, location, statistics);
        SinkCommits sinks = new SinkCommits(plan, location);
        SnapshotSchedule schedule = new SnapshotSchedule(config.snapshotIntervalMs());
        this.recovery = new Recovery(config, plan, location, operators, logs, sinks, schedule, statistics);
        this.commits = new CommitProtocol(plan, location, operators, logs, sinks, schedule,
                new SnapshotWriter(plan, operators, location, statistics), statistics);
    }

    @Override
    public boolean continueAfterRecovery() {
        return config.continueAfterReplay();
    }

    /** Takes the lock of the metadata storage (recovery's step 1), then recovers. */
    @Override
    public long recover(Graph graph) throws IOException {
        lock = location.metadataBackend().lock();
        Optional<Checkpoint> recovered = recovery.recover(graph);
        if (recovered.isEmpty()) {
            return -1L;
        }
        commits.resumeAt(recovered.get());
        return Math.max(recovered.get().lastTime(), graph.time());
    }

    @Override
    public CheckpointStatistics statistics() {
        return statistics;
    }

    @Override
    public void commit(Graph graph, long time) throws IOException {
        commits.commit(graph, time);
    }

    @Override
    public void finish(Graph graph, long time) throws IOException {
        commits.finish(graph, time);
    }

    @Override
    public void close() {
        location.unitRows().close();
        if (lock != null) {
            lock.close();
            lock = null;
        }
    }
}
