package dev.tideway.internal.persistence;

import dev.tideway.internal.engine.Checkpointing;
import dev.tideway.internal.engine.Graph;
import dev.tideway.internal.engine.Node;
import dev.tideway.internal.engine.SinkNode;
import dev.tideway.internal.engine.SourceNode;
import dev.tideway.internal.engine.Stateful;
import dev.tideway.internal.engine.UdfCache;
import dev.tideway.internal.storage.Checkpoint;
import dev.tideway.internal.storage.LogRecord;
import dev.tideway.internal.storage.SourceCheckpoint;
import dev.tideway.internal.storage.StoragePairing;
import dev.tideway.internal.engine.identity.OperatorIdentity;
import dev.tideway.internal.engine.CheckpointStatistics;
import dev.tideway.schema.BinaryReader;
import dev.tideway.schema.BinaryWriter;
import dev.tideway.schema.CodecException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.tideway.persistence.PersistenceConfig;
import dev.tideway.persistence.PersistenceException;
import dev.tideway.persistence.StateLock;

/**
 * Persistence of one run: recovers the state at start and commits it after every batch, as its
 * {@link RunPlan} (mode and snapshot access) says. {@code docs/state-format.md} describes the
 * objects and these protocols step by step, for format version 1.
 *
 * <p>A commit ({@link #commit}) is the {@link CommitProtocol}'s: the sources' log records, the sinks'
 * pre-commit, a snapshot when due, the metadata last, then the sinks' second phase.
 *
 * <p>The metadata (and the lock) are in the config's metadata backend, everything else (log,
 * snapshots, unit rows, UDF caches, prepared transactions) in its snapshot backend ({@link StateLocation}); a
 * {@link StoragePairing} refuses a pair that does not belong together before anything is written,
 * and records the pairing before the first data.
 *
 * <p>Recovery ({@link #recover}) takes the lock, reads the newest intact metadata generation, checks
 * the pairing, reads the whole snapshot it names, and only then deletes what a crashed commit left
 * (segments above the committed sequence, newer snapshots). It restores the sources and the
 * operators whose {@link OperatorIdentity} is the recorded one, and replays the log written after the
 * snapshot batch by batch, with the sinks suppressed (they already hold those results). The sinks are
 * opened at their committed positions before the replay; a transactional sink is handed the prepared
 * transaction its committed position names, and finishes it exactly once. Its cost
 * follows the size of the state plus the log tail, not the length of the history. How the mode and
 * the snapshot access change this is {@link RunPlan}'s: a run that replays nothing (RECORD,
 * OFFSETS_ONLY) only feeds the sources what they read, so that they resume after it; the replay
 * modes replay into the sinks.
 *
 * <p><b>Operator identity.</b> Each operator's state is stored under a name and versioned by its
 * {@link OperatorIdentity} ({@link OperatorStates}). An operator whose name or identity has no match in
 * the snapshot — added, moved or changed — is rebuilt from the recorded input: the sources re-emit
 * their rows, the operators that were restored re-emit their output instead of taking input, and the
 * rebuilt ones compute from that, with the sinks suppressed. When the identity of the whole pipeline
 * up to its sinks changed (an operator, stateless or not, or a sink added, removed or changed), or a
 * source's schema was migrated, the sinks are rewritten from the start with the new pipeline's result;
 * before that, a metadata generation without their positions (and without the operators' identities)
 * is committed, so that a run dying before its first commit rewrites them again instead of cutting a
 * rewritten file at an old length.
 */
public final class PersistentRun implements Checkpointing {
    private static final Logger LOG = LoggerFactory.getLogger(PersistentRun.class);

    private final PersistenceConfig config;
    private final RunPlan plan;
    private final OperatorStates operatorStates;
    private final StateLocation location;
    private final SinkCommits sinks;
    private final SourceLogs logs;
    private StateLock lock;
    private final SnapshotSchedule schedule;
    private final CommitProtocol commits;
    private final CheckpointStatistics statistics = new CheckpointStatistics();

    public PersistentRun(PersistenceConfig config) {
        this.config = config;
        this.plan = RunPlan.of(config);
        this.operatorStates = new OperatorStates(plan);
        this.location = StateLocation.of(config);
        this.sinks = new SinkCommits(plan, location);
        this.logs = new SourceLogs(plan, location, statistics);
        this.schedule = new SnapshotSchedule(config.snapshotIntervalMs());
        this.commits = new CommitProtocol(plan, location, operatorStates, logs, sinks, schedule,
                new SnapshotWriter(plan, operatorStates, location, statistics), statistics);
    }

    @Override
    public boolean continueAfterRecovery() {
        return config.continueAfterReplay();
    }

    // ---- recovery ----

    @Override
    public long recover(Graph graph) throws IOException {
        lock = location.metadataBackend().lock();
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
                ? readWholeSnapshot(graph, existing.get())
                : Map.of();
        if (plan.write()) {
            long committed = existing.map(Checkpoint::walSequence).orElse(-1L);
            logs.discardAbove(committed);
            location.snapshots().deleteNewerThan(existing.map(Checkpoint::snapshotId).orElse(Checkpoint.NO_SNAPSHOT));
        }
        existing.ifPresent(checkpoint -> {
            commits.resumeAt(checkpoint);
            sinks.continueFrom(checkpoint.sinks());
        });
        schedule.restart();
        if (existing.isEmpty()) {
            LOG.info("no state at {}: starting afresh", location.describe());
            sinks.open(graph, null);
            return -1L;
        }
        if (!plan.replayData()) {
            return resumeWithoutReplay(graph, existing.get(), snapshotStates);
        }
        Checkpoint checkpoint = existing.get();
        boolean migrated = prepareMigrations(graph, checkpoint);
        // read and check everything before touching anything outside the engine (the sinks' files)
        long after = checkpoint.hasSnapshot() ? checkpoint.snapshotId() : -1;
        LogTail tail = plan.replay() == RunPlan.Replay.NONE ? LogTail.EMPTY : logs.readTail(graph, after, checkpoint.walSequence());
        Map<String, Stateful> operators = OperatorStates.all(graph);
        // only operators this mode persists are restored: another's state may hold input this run reads again
        Map<String, Stateful> persisted = operatorStates.persisted(graph);
        Map<String, Stateful> restored = checkpoint.hasSnapshot()
                ? restoreSnapshot(graph, checkpoint, snapshotStates, operatorStates.restorable(persisted), migrated)
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
        return Math.max(checkpoint.lastTime(), graph.time());
    }

    /**
     * RECORD and OFFSETS_ONLY: nothing recorded reaches the operators or the sinks. The sources take
     * in the snapshot and the log tail, silently, so that they resume after what they read (and, with
     * RECORD, keep it: what this run reads is recorded after it); the operators start empty and keep
     * no state, the sinks start afresh. The state is snapshotted at the first commit (the replay modes:
     * at the first commit that recorded new input), so that the operators' state, which no longer
     * matches the recorded input, is rebuilt by the next run that replays.
     */
    private long resumeWithoutReplay(Graph graph, Checkpoint checkpoint, Map<String, byte[]> states) throws IOException {
        boolean migrated = prepareMigrations(graph, checkpoint);
        LogTail tail = logs.readTail(graph, checkpoint.hasSnapshot() ? checkpoint.snapshotId() : -1, checkpoint.walSequence());
        for (SourceNode<?> source : graph.sources()) {
            byte[] state = states.get(OperatorStates.stateName(source));
            if (state != null && plan.persists(source)) {
                restore(state, source::restore, OperatorStates.stateName(source));
            }
        }
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
        return Math.max(checkpoint.lastTime(), graph.time());
    }

    /** Inserts again what the sources hold, batch by batch, each at the time it was read (SPEEDRUN_REPLAY). */
    private static void replayReadTimes(Graph graph) {
        java.util.SortedSet<Long> times = new java.util.TreeSet<>();
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
        location.metadata().commit(new Checkpoint(location.metadata().nextGeneration(), checkpoint.lastTime(), checkpoint.snapshotId(),
                checkpoint.walSequence(), checkpoint.sources(), kept, versions));
        sinks.continueFrom(kept);
    }

    /** Every state the checkpoint's snapshot must hold; a missing one is damage, reported with what to do. */
    private Map<String, byte[]> readWholeSnapshot(Graph graph, Checkpoint checkpoint) {
        Map<String, byte[]> states = location.snapshots().read(checkpoint.snapshotId());
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
     * A run that rewrites its outputs and may record nothing (a replay mode, or REPLAY access) must
     * not rewrite an output that the state continues: the next persisted run would find it changed
     * behind its back.
     */
    private void refuseToRewriteCommittedOutputs(Graph graph, Checkpoint checkpoint) {
        for (SinkNode<?> sink : graph.sinks()) {
            if (checkpoint.sinks().containsKey(sink.connector().persistentName())) {
                String what = plan.replayData() ? config.mode() + " replays into " : config.mode() + " with snapshot access "
                        + config.snapshotAccess() + " writes afresh into ";
                throw new PersistenceException(what + sink.connector().name() + ", the output that the state at " + location.describe()
                        + " continues; it would overwrite that output and the state would no longer match it. Write the"
                        + " replayed output to another file.");
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

    /** Restores the persisted sources and the operators whose state fits; returns the operators restored. */
    private Map<String, Stateful> restoreSnapshot(Graph graph, Checkpoint checkpoint, Map<String, byte[]> states,
                                                  Map<String, Stateful> operators, boolean migrated) {
        for (SourceNode<?> source : graph.sources()) {
            byte[] state = states.get(OperatorStates.stateName(source));
            if (state != null && plan.persists(source)) {
                restore(state, source::restore, OperatorStates.stateName(source));
                if (!plan.rows()) {
                    // positions only: what was read before is not replayed, even if an earlier run kept it
                    source.forgetRows();
                }
            }
        }
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

    /**
     * Feeds the operators that were not restored from what was: the sources re-emit their rows and
     * the restored operators, muted meanwhile, re-emit their output.
     */
    private static void rebuildFromInput(Graph graph, java.util.Collection<Stateful> restored) {
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

    private static void unmute(java.util.Collection<Stateful> restored) {
        for (Stateful operator : restored) {
            ((Node) operator).mute(false);
        }
    }

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

    // ---- commits ----

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
