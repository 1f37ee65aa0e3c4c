package dev.tideway.internal.persistence;

import dev.tideway.internal.engine.CheckpointStatistics;
import dev.tideway.internal.engine.Graph;
import dev.tideway.internal.engine.Node;
import dev.tideway.internal.engine.SinkNode;
import dev.tideway.internal.engine.SourceNode;
import dev.tideway.internal.engine.Stateful;
import dev.tideway.internal.engine.UdfCache;
import dev.tideway.internal.engine.identity.OperatorIdentity;
import dev.tideway.internal.storage.Checkpoint;
import dev.tideway.internal.storage.SourceCheckpoint;
import dev.tideway.persistence.PersistenceConfig;
import dev.tideway.persistence.PersistenceException;
import java.io.IOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recovery of a persisted run at start ({@code docs/state-format.md}, "Recovery", steps 2 to 12;
 * {@link PersistentRun} takes the lock first), as its {@link RunPlan} (mode and snapshot access) says.
 *
 * <p>It reads the newest intact metadata generation, checks the pairing of the storages, reads the
 * whole snapshot it names ({@link SnapshotRestore}), and only then deletes what a crashed commit left
 * (segments above the committed sequence, newer snapshots). It restores the sources and the operators
 * whose {@link OperatorIdentity} is the recorded one, and replays the log written after the snapshot
 * ({@link LogTail}) batch by batch, with the sinks suppressed (they already hold those results). The
 * sinks are opened at their committed positions before the replay; a transactional sink is handed the
 * prepared transaction its committed position names, and finishes it exactly once ({@link SinkCommits}).
 * Its cost follows the size of the state plus the log tail, not the length of the history. A run that
 * replays nothing (snapshot access RECORD, OFFSETS_ONLY) only feeds the sources what they read, so
 * that they resume after it; the replay modes replay into the sinks.
 *
 * <p>An operator whose name or identity has no match in the snapshot — added, moved or changed — is
 * rebuilt from the recorded input: the sources re-emit their rows, the operators that were restored
 * re-emit their output instead of taking input, and the rebuilt ones compute from that, with the sinks
 * suppressed. When the pipeline's identity changed (an operator, stateless or not, or a sink added,
 * removed or changed), or a source's schema was migrated, the sinks are rewritten from the start with
 * the new pipeline's result; before that, a metadata generation without their positions (and without
 * the operators' identities) is committed, so that a run dying before its first commit rewrites them
 * again instead of cutting a rewritten file at an old length.
 *
 * <p>It leaves the sinks' committed positions in {@link SinkCommits} and what the first commits owe in
 * {@link SnapshotSchedule}, and returns the checkpoint recovered from, whose log sequence and snapshot
 * the {@link CommitProtocol} continues after. Used once, on the run's thread.
 */
final class Recovery {
    /** A run's persistence logs under one category, {@link PersistentRun}'s. */
    private static final Logger LOG = LoggerFactory.getLogger(PersistentRun.class);

    private final PersistenceConfig config;
    private final RunPlan plan;
    private final StateLocation location;
    private final OperatorStates operatorStates;
    private final SourceLogs logs;
    private final SinkCommits sinks;
    private final SnapshotSchedule schedule;
    private final SnapshotRestore snapshot;
    private final CheckpointStatistics statistics;

    Recovery(PersistenceConfig config, RunPlan plan, StateLocation location, OperatorStates operatorStates, SourceLogs logs,
             SinkCommits sinks, SnapshotSchedule schedule, CheckpointStatistics statistics) {
        this.config = config;
        this.plan = plan;
        this.location = location;
        this.operatorStates = operatorStates;
        this.logs = logs;
        this.sinks = sinks;
        this.schedule = schedule;
        this.snapshot = new SnapshotRestore(plan, location);
        this.statistics = statistics;
    }

    /**
     * Restores the graph's state and replays the log tail, and opens the sinks. Returns the checkpoint
     * recovered from, or empty when there is none (a fresh start).
     */
    Optional<Checkpoint> recover(Graph graph) throws IOException {
        OperatorStates.checkNames(graph);
        for (SourceNode<?> source : graph.sources()) {
            boolean persisted = plan.persists(source);
            source.recording(persisted);
            source.storedRows(location.unitRows());
            if (persisted && plan.rows()) {
                logs.open(source);
            }
            // rows go to the state as they are read (their log records name them), not held until the commit
            source.storeRowsWhileReading(persisted && plan.rows() && plan.write() ? location.unitRows() : null);
        }
        Optional<Checkpoint> existing = location.metadata().latest();
        // metadata read with another state's data (or none) would lose or repeat output: refused before any change
        location.pairing().check(existing.isPresent());
        if (plan.write()) {
            location.pairing().record();
        }
        // the committed snapshot must be whole before anything is cleaned up: a checkpoint whose snapshot
        // is gone (an older generation fallen back to, objects deleted by hand) is damage, not a fresh start
        Map<String, byte[]> snapshotStates = existing.isPresent() && existing.get().hasSnapshot()
                ? snapshot.readWhole(existing.get())
                : Map.of();
        if (plan.write()) {
            long committed = existing.map(Checkpoint::walSequence).orElse(-1L);
            logs.discardAbove(committed);
            location.snapshots().deleteNewerThan(existing.map(Checkpoint::snapshotId).orElse(Checkpoint.NO_SNAPSHOT));
        }
        existing.ifPresent(checkpoint -> sinks.continueFrom(checkpoint.sinks()));
        schedule.restart();
        if (existing.isEmpty()) {
            LOG.info("no state at {}: starting afresh", location.describe());
            sinks.open(graph, null);
        } else if (!plan.replayData()) {
            resumeWithoutReplay(graph, existing.get(), snapshotStates);
        } else {
            replay(graph, existing.get(), snapshotStates);
        }
        return existing;
    }

    /** Restores what the checkpoint holds and replays its log tail into the operators (and the sinks, suppressed or rewritten). */
    private void replay(Graph graph, Checkpoint checkpoint, Map<String, byte[]> snapshotStates) throws IOException {
        boolean migrated = prepareMigrations(graph, checkpoint);
        // read and check everything before touching anything outside the engine (the sinks' files)
        long after = checkpoint.hasSnapshot() ? checkpoint.snapshotId() : -1;
        LogTail tail = plan.replay() == RunPlan.Replay.NONE ? LogTail.EMPTY : logs.readTail(graph, after, checkpoint.walSequence());
        Map<String, Stateful> operators = OperatorStates.all(graph);
        // only operators this mode persists are restored: another's state may hold input this run reads again
        Map<String, Stateful> persisted = operatorStates.persisted(graph);
        Map<String, Stateful> restored = checkpoint.hasSnapshot()
                ? snapshot.restore(graph, checkpoint, snapshotStates, operatorStates.restorable(persisted), migrated)
                : Map.of();
        // An operator the snapshot should hold but does not fit (the pipeline or a schema changed) is
        // rebuilt by the new definition, so what the sinks hold from the old one no longer matches:
        // they are rewritten from the start with the new results.
        // So are they when the schema of a source changed (its rows are read in the new shape), or when
        // anything between the sources and the sinks changed, stateless operators and sinks included.
        String recordedPipeline = checkpoint.operatorStates().get(OperatorStates.PIPELINE);
        boolean outputsChanged = recordedPipeline != null && !recordedPipeline.equals(OperatorStates.pipeline(graph));
        boolean pipelineChanged = migrated || outputsChanged || (checkpoint.hasSnapshot() && restored.size() < persisted.size());
        boolean sinksContinue = plan.sinksContinue() && !pipelineChanged;
        if (pipelineChanged && plan.sinksContinue()) {
            LOG.info("the pipeline or a schema changed since the state at {} was written: its outputs are rewritten with the new results",
                    location.describe());
        }
        // The sinks continue at their committed lengths (a sink without one, such as a callback, just
        // continues), or, when their results no longer match, are rewritten from the start with
        // everything the rebuild and the replay produce.
        List<SinkNode<?>> rewritten = sinksContinue ? List.of() : graph.sinks();
        if (!sinksContinue && (!plan.write() || plan.recordOnlyNew())) {
            refuseToRewriteCommittedOutputs(graph, checkpoint);
        }
        forgetPositionsBeforeRewriting(checkpoint, rewritten);
        sinks.open(graph, sinksContinue ? checkpoint : null);
        loadUdfCaches(graph);

        boolean rebuild = restored.size() < operators.size() || !sinksContinue;
        suppressSinks(graph, sinksContinue);
        long replayed;
        // the rebuilt state stands at the snapshot's point: before the log tail, or at the last commit
        long rebuildTime = Math.max(graph.time() + 1, tail.isEmpty() ? checkpoint.lastTime() : tail.firstTime() - 1);
        if (plan.replay() == RunPlan.Replay.ONE_BATCH) {
            graph.beginTime(rebuildTime);
            rebuildFromInput(graph, restored.values());
            replayed = tail.apply(graph, true);
            graph.flush();
            unmute(restored.values());
        } else if (plan.replay() == RunPlan.Replay.ORIGINAL_BATCHES) {
            // no operator is restored here (the replay modes keep none): every batch is computed again
            replayReadTimes(graph);
            replayed = tail.apply(graph, false);
        } else {
            if (rebuild) {
                graph.beginTime(rebuildTime);
                rebuildFromInput(graph, restored.values());
                graph.flush();
                unmute(restored.values());
            }
            replayed = tail.apply(graph, false);
        }
        suppressSinks(graph, false);
        for (SourceNode<?> source : graph.sources()) {
            source.migrateFrom(null);
        }
        statistics.recovered(true, replayed);
        LOG.info("recovered from {}: generation {}, time {}, snapshot {}, {} of {} operator states restored, {} log records replayed",
                location.describe(), checkpoint.generation(), checkpoint.lastTime(), checkpoint.hasSnapshot() ? checkpoint.snapshotId() : "none",
                restored.size(), operators.size(), replayed);
        schedule.recovered(replayed > 0 || !checkpoint.hasSnapshot(), migrated || pipelineChanged || restored.size() < operators.size(),
                plan.recordOnlyNew());
    }

    /**
     * RECORD and OFFSETS_ONLY: nothing recorded reaches the operators or the sinks. The sources take
     * in the snapshot and the log tail, silently, so that they resume after what they read (and, with
     * RECORD, keep it: what this run reads is recorded after it); the operators start empty and keep
     * no state, the sinks start afresh. The state is snapshotted at the first commit (the replay modes:
     * at the first commit that recorded new input), so that the operators' state, which no longer
     * matches the recorded input, is rebuilt by the next run that replays.
     */
    private void resumeWithoutReplay(Graph graph, Checkpoint checkpoint, Map<String, byte[]> states) throws IOException {
        boolean migrated = prepareMigrations(graph, checkpoint);
        LogTail tail = logs.readTail(graph, checkpoint.hasSnapshot() ? checkpoint.snapshotId() : -1, checkpoint.walSequence());
        snapshot.restoreSources(graph, states, false);
        if (plan.recordOnlyNew()) {
            refuseToRewriteCommittedOutputs(graph, checkpoint);
        }
        forgetPositionsBeforeRewriting(checkpoint, graph.sinks());
        sinks.open(graph, null);
        loadUdfCaches(graph);
        List<Node> downstream = graph.nodes().stream().filter(node -> !(node instanceof SourceNode<?>)).toList();
        downstream.forEach(node -> node.mute(true));
        long taken = tail.apply(graph, false);
        downstream.forEach(node -> node.mute(false));
        for (SourceNode<?> source : graph.sources()) {
            if (!plan.rows()) {
                source.forgetRows();
            }
            source.migrateFrom(null);
        }
        statistics.recovered(true, taken);
        LOG.info("resumed at {} at the positions recorded up to time {} (generation {}, {} log records), replaying nothing"
                + " (snapshot access {}): the operators start empty and the outputs afresh", location.describe(), checkpoint.lastTime(),
                checkpoint.generation(), taken, config.snapshotAccess());
        if (plan.recordOnlyNew()) {
            schedule.snapshotOnFirstChange();
        } else {
            schedule.force(true);
        }
        if (migrated) {
            schedule.force(plan.write());
        }
    }

    /** Inserts again what the sources hold, batch by batch, each at the time it was read (SPEEDRUN_REPLAY). */
    private static void replayReadTimes(Graph graph) {
        SortedSet<Long> times = new TreeSet<>();
        for (SourceNode<?> source : graph.sources()) {
            times.addAll(source.readTimes());
        }
        for (long time : times) {
            graph.beginTime(Math.max(time, graph.time() + 1));
            for (SourceNode<?> source : graph.sources()) {
                source.reemitReadAt(time);
            }
            graph.flush();
        }
    }

    /**
     * Before a sink that has a committed length is rewritten from the start, a metadata generation
     * without that length is committed: if the run dies before its first commit, the next run
     * rewrites the sink too, instead of cutting the rewritten file at the old length.
     */
    private void forgetPositionsBeforeRewriting(Checkpoint checkpoint, List<? extends SinkNode<?>> rewritten) {
        Map<String, Long> kept = new HashMap<>(checkpoint.sinks());
        boolean changed = false;
        for (SinkNode<?> sink : rewritten) {
            changed |= kept.remove(sink.connector().persistentName()) != null;
        }
        if (!changed || !plan.write()) {
            return;
        }
        // and without the operators' versions: a run that continues the sinks before this one commits
        // must rewrite them too, so it rebuilds the operators instead of restoring them
        Map<String, String> versions = new HashMap<>();
        if (checkpoint.operatorStates().containsKey(OperatorStates.PIPELINE)) {
            versions.put(OperatorStates.PIPELINE, checkpoint.operatorStates().get(OperatorStates.PIPELINE));
        }
        location.metadata().commit(new Checkpoint(location.metadata().nextGeneration(), checkpoint.lastTime(),
                checkpoint.snapshotId(), checkpoint.walSequence(), checkpoint.sources(), kept, versions));
        sinks.continueFrom(kept);
    }

    /**
     * A run that rewrites its outputs and may record nothing (a replay mode, or REPLAY access) must
     * not rewrite an output that the state continues: the next persisted run would find it changed
     * behind its back.
     */
    private void refuseToRewriteCommittedOutputs(Graph graph, Checkpoint checkpoint) {
        for (SinkNode<?> sink : graph.sinks()) {
            if (checkpoint.sinks().containsKey(sink.connector().persistentName())) {
                String what = plan.replayData() ? config.mode() + " replays into " : config.mode() + " with snapshot access "
                        + config.snapshotAccess() + " writes afresh into ";
                throw new PersistenceException(what + sink.connector().name() + ", the output that the state at "
                        + location.describe() + " continues; it would overwrite that output and the state would no longer"
                        + " match it. Write the replayed output to another file.");
            }
        }
    }

    /** Sets up readers of rows persisted with an older schema; returns whether any source needs one. */
    private boolean prepareMigrations(Graph graph, Checkpoint checkpoint) {
        boolean migrated = false;
        for (SourceNode<?> source : graph.sources()) {
            SourceCheckpoint persisted = checkpoint.sources().get(source.persistentId());
            if (persisted == null || !plan.persists(source)
                    || persisted.fingerprint().equals(Long.toHexString(source.schema().fingerprint()))) {
                continue;
            }
            migrate(source, persisted.schema());
            LOG.info("source \"{}\": reading rows persisted as ({}) as {} ({})", source.persistentId(), persisted.schema(),
                    source.schema().name(), source.schema().description());
            migrated = true;
        }
        return migrated;
    }

    private static <T> void migrate(SourceNode<T> source, String oldDescription) {
        source.migrateFrom(SchemaMigration.reader(source.persistentId(), oldDescription, source.schema()));
    }

    /** Loads the caches of the caching UDFs whose function identity matches (step 10). */
    private void loadUdfCaches(Graph graph) {
        for (UdfCache<?, ?> cache : graph.udfCaches()) {
            location.udfCaches().load(cache);
        }
    }

    private static void suppressSinks(Graph graph, boolean suppress) {
        for (SinkNode<?> sink : graph.sinks()) {
            sink.suppress(suppress);
        }
    }

    /**
     * Feeds the operators that were not restored from what was: the sources re-emit their rows and
     * the restored operators, muted meanwhile, re-emit their output.
     */
    private static void rebuildFromInput(Graph graph, Collection<Stateful> restored) {
        for (Stateful operator : restored) {
            ((Node) operator).mute(!operator.forwardsInput());
        }
        for (SourceNode<?> source : graph.sources()) {
            source.reemitAll();
        }
        for (Stateful operator : restored) {
            operator.reemit();
        }
    }

    private static void unmute(Collection<Stateful> restored) {
        for (Stateful operator : restored) {
            ((Node) operator).mute(false);
        }
    }
}
