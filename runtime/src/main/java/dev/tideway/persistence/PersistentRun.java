package dev.tideway.persistence;

import dev.tideway.engine.Checkpointing;
import dev.tideway.engine.Graph;
import dev.tideway.engine.Node;
import dev.tideway.engine.SinkNode;
import dev.tideway.engine.SourceNode;
import dev.tideway.engine.Stateful;
import dev.tideway.persistence.storage.Checkpoint;
import dev.tideway.persistence.storage.LogRecord;
import dev.tideway.persistence.storage.MetadataStore;
import dev.tideway.persistence.storage.SnapshotStore;
import dev.tideway.persistence.storage.SourceCheckpoint;
import dev.tideway.persistence.storage.WriteAheadLog;
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
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Persistence of one run: recovers the state at start and commits it after every batch.
 *
 * <p>A commit writes, in this order: each source's new log records (one immutable segment per
 * source, numbered by the commit's sequence), the sinks' data (flushed and forced), a snapshot of all
 * state when one is due, and last the metadata naming all of it. A crash at any point before the
 * metadata leaves the previous commit as the consistent point: its log segments above the committed
 * sequence are discarded, the sinks cut back to their committed lengths, and the sources re-read
 * what those segments held.
 *
 * <p>Recovery loads the newest snapshot, replays the log written after it batch by batch, with the
 * sinks suppressed (they already hold those results), and continues. Its cost follows the size of the
 * state plus the log tail, not the length of the history.
 */
final class PersistentRun implements Checkpointing {
    private static final Logger LOG = LoggerFactory.getLogger(PersistentRun.class);

    private final PersistenceConfig config;
    private final Backend backend;
    private final MetadataStore metadata;
    private final SnapshotStore snapshots;
    private final Map<SourceNode<?>, WriteAheadLog> logs = new LinkedHashMap<>();
    private final BinaryWriter recordWriter = new BinaryWriter(1 << 16);
    private StateLock lock;
    private long sequence;
    private long snapshotId = Checkpoint.NO_SNAPSHOT;
    private long lastSnapshotAt;
    private boolean dirtySinceSnapshot;
    private Map<String, Long> sinkPositions = new HashMap<>();

    PersistentRun(PersistenceConfig config) {
        this.config = config;
        this.backend = config.backend();
        this.metadata = new MetadataStore(backend);
        this.snapshots = new SnapshotStore(backend);
    }

    @Override
    public long recover(Graph graph) throws IOException {
        lock = backend.lock();
        for (SourceNode<?> source : graph.sources()) {
            logs.put(source, new WriteAheadLog(backend, source.persistentId()));
        }
        Optional<Checkpoint> latest = metadata.latest();
        if (latest.isEmpty()) {
            LOG.info("no state at {}: starting afresh", backend.describe());
            for (WriteAheadLog log : logs.values()) {
                log.discardAbove(-1);
            }
            snapshots.deleteNewerThan(Checkpoint.NO_SNAPSHOT);
            for (SinkNode<?> sink : graph.sinks()) {
                sink.open(-1);
            }
            lastSnapshotAt = System.currentTimeMillis();
            return -1;
        }
        Checkpoint checkpoint = latest.get();
        checkSchemas(graph, checkpoint);
        sequence = checkpoint.walSequence();
        snapshotId = checkpoint.snapshotId();
        for (WriteAheadLog log : logs.values()) {
            log.discardAbove(sequence);
        }
        snapshots.deleteNewerThan(snapshotId);

        boolean restored = checkpoint.hasSnapshot() && restoreSnapshot(graph, checkpoint);
        suppressSinks(graph, true);
        long replayed = replayLog(graph, restored ? snapshotId : -1, checkpoint);
        suppressSinks(graph, false);
        for (SinkNode<?> sink : graph.sinks()) {
            Long position = checkpoint.sinks().get(sink.connector().name());
            sink.open(position == null ? -1 : position);
        }
        reportLocationChanges(graph);
        LOG.info("recovered from {}: generation {}, time {}, snapshot {}, {} log records replayed",
                backend.describe(), checkpoint.generation(), checkpoint.lastTime(), restored ? snapshotId : "none", replayed);
        lastSnapshotAt = System.currentTimeMillis();
        dirtySinceSnapshot = replayed > 0 || !restored;
        sinkPositions = new HashMap<>(checkpoint.sinks());
        return checkpoint.lastTime();
    }

    private void checkSchemas(Graph graph, Checkpoint checkpoint) {
        for (SourceNode<?> source : graph.sources()) {
            SourceCheckpoint persisted = checkpoint.sources().get(source.persistentId());
            if (persisted == null) {
                continue;
            }
            String current = source.schema().description();
            if (!persisted.fingerprint().equals(Long.toHexString(source.schema().fingerprint()))) {
                throw new PersistenceException("source \"" + source.persistentId() + "\" was persisted with the schema ("
                        + persisted.schema() + "), which " + source.schema().name() + " (" + current + ") cannot read: "
                        + describeDifference(persisted.schema(), current)
                        + ". Keep the old record, or start this source afresh under a new persistent id.");
            }
        }
    }

    static String describeDifference(String before, String after) {
        List<String> old = Arrays.asList(before.split(", "));
        List<String> now = Arrays.asList(after.split(", "));
        List<String> parts = new ArrayList<>();
        for (String field : old) {
            if (!now.contains(field)) {
                parts.add("field '" + field + "' is gone or changed");
            }
        }
        for (String field : now) {
            if (!old.contains(field)) {
                parts.add("field '" + field + "' is new or changed");
            }
        }
        return parts.isEmpty() ? "the fields are in another order" : String.join("; ", parts);
    }

    private boolean restoreSnapshot(Graph graph, Checkpoint checkpoint) {
        Map<String, byte[]> states = snapshots.read(checkpoint.snapshotId());
        Map<String, Stateful> operators = operatorStates(graph);
        boolean operatorsMatch = checkpoint.operatorStates().equals(operatorVersions(operators));
        for (SourceNode<?> source : graph.sources()) {
            byte[] state = states.get(sourceStateName(source));
            if (state != null) {
                restore(state, source::restore, sourceStateName(source));
            }
        }
        if (!operatorsMatch) {
            LOG.warn("the pipeline's operators changed since the state at {} was written: rebuilding their state from the recorded input",
                    backend.describe());
            suppressSinks(graph, true);
            graph.beginTime(graph.time() + 1);
            for (SourceNode<?> source : graph.sources()) {
                source.reemitAll();
            }
            graph.flush();
            suppressSinks(graph, false);
            return true;
        }
        for (Map.Entry<String, Stateful> operator : operators.entrySet()) {
            byte[] state = states.get(operator.getKey());
            if (state == null) {
                throw new PersistenceException("snapshot " + checkpoint.snapshotId() + " at " + backend.describe()
                        + " has no state for operator " + operator.getKey() + "; the state location is damaged");
            }
            restore(state, operator.getValue()::restore, operator.getKey());
        }
        return true;
    }

    private void restore(byte[] state, java.util.function.Consumer<BinaryReader> target, String name) {
        BinaryReader in = new BinaryReader(state);
        try {
            target.accept(in);
            in.requireEnd();
        } catch (CodecException e) {
            throw new PersistenceException("the snapshotted state \"" + name + "\" at " + backend.describe()
                    + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** Replays, batch by batch in commit order, the records of every source after {@code after}. */
    private long replayLog(Graph graph, long after, Checkpoint checkpoint) {
        TreeMap<Long, List<Object[]>> bySequence = new TreeMap<>();
        for (Map.Entry<SourceNode<?>, WriteAheadLog> entry : logs.entrySet()) {
            for (LogRecord record : entry.getValue().read(after, checkpoint.walSequence())) {
                bySequence.computeIfAbsent(record.sequence(), s -> new ArrayList<>()).add(new Object[] {entry.getKey(), record.payload()});
            }
            WriteAheadLog log = entry.getValue();
            if (log.cutTails() > 0) {
                // Every segment read here is committed: the sinks already hold the results of its
                // records, so replaying without them would make the outputs retract and insert again.
                throw new PersistenceException("the write-ahead log of source \"" + log.sourceId() + "\" in state location "
                        + backend.describe() + " is damaged: " + log.lastCut().orElse("a segment is torn")
                        + ". Its records are committed and the outputs already hold their results, so recovering"
                        + " without them would lose or duplicate output. Restore the segment from a backup, or move the"
                        + " state location and the outputs away to start afresh.");
            }
        }
        long count = 0;
        for (List<Object[]> batch : bySequence.values()) {
            long time = -1;
            List<Runnable> applies = new ArrayList<>();
            for (Object[] item : batch) {
                SourceNode<?> source = (SourceNode<?>) item[0];
                BinaryReader in = new BinaryReader((byte[]) item[1]);
                time = in.readLong();
                byte[] record = Arrays.copyOfRange((byte[]) item[1], in.position(), ((byte[]) item[1]).length);
                applies.add(() -> source.replay(record));
                count++;
            }
            graph.beginTime(Math.max(time, graph.time() + 1));
            applies.forEach(Runnable::run);
            graph.flush();
        }
        return count;
    }

    private static void suppressSinks(Graph graph, boolean suppress) {
        for (SinkNode<?> sink : graph.sinks()) {
            sink.suppress(suppress);
        }
    }

    private static void reportLocationChanges(Graph graph) {
        for (SourceNode<?> source : graph.sources()) {
            String current = source.connector().location();
            List<String> others = source.locations().stream().filter(l -> !l.equals(current)).sorted().toList();
            if (!others.isEmpty()) {
                LOG.info("source \"{}\" now reads {}; the rows read before from {} stay, and {} is read as new",
                        source.persistentId(), current, others, current);
            }
        }
    }

    @Override
    public void commit(Graph graph, long time) throws IOException {
        boolean logged = false;
        for (Map.Entry<SourceNode<?>, WriteAheadLog> entry : logs.entrySet()) {
            for (byte[] record : entry.getKey().drainLog()) {
                recordWriter.reset();
                recordWriter.writeLong(time);
                recordWriter.writeRaw(record, 0, record.length);
                entry.getValue().append(recordWriter.toByteArray());
                logged = true;
            }
        }
        boolean sinksMoved = false;
        for (SinkNode<?> sink : graph.sinks()) {
            long position = sink.commit();
            if (position >= 0) {
                Long before = sinkPositions.put(sink.connector().name(), position);
                sinksMoved |= before == null || before != position;
            }
        }
        if (logged) {
            sequence++;
            for (WriteAheadLog log : logs.values()) {
                log.commit(sequence);
            }
            dirtySinceSnapshot = true;
            CrashPoints.reach(CrashPoints.AFTER_LOG);
        }
        boolean snapshot = dirtySinceSnapshot && System.currentTimeMillis() - lastSnapshotAt >= config.snapshotIntervalMs();
        if (!logged && !sinksMoved && !snapshot) {
            return;
        }
        writeCheckpoint(graph, time, snapshot);
    }

    @Override
    public void finish(Graph graph, long time) throws IOException {
        if (dirtySinceSnapshot) {
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
            writeSnapshot(graph);
            lastSnapshotAt = System.currentTimeMillis();
            dirtySinceSnapshot = false;
        }
        CrashPoints.reach(CrashPoints.BEFORE_METADATA);
        metadata.commit(new Checkpoint(metadata.nextGeneration(), time, snapshotId, sequence, sourceCheckpoints(graph),
                sinkPositions, operatorVersions(operatorStates(graph))));
        if (snapshot && previousSnapshot != snapshotId) {
            snapshots.deleteOlderThan(snapshotId);
            for (WriteAheadLog log : logs.values()) {
                log.deleteUpTo(snapshotId);
            }
        }
    }

    private void writeSnapshot(Graph graph) {
        Map<String, byte[]> states = new LinkedHashMap<>();
        BinaryWriter out = new BinaryWriter(1 << 16);
        for (SourceNode<?> source : graph.sources()) {
            out.reset();
            source.snapshot(out);
            states.put(sourceStateName(source), out.toByteArray());
        }
        for (Map.Entry<String, Stateful> operator : operatorStates(graph).entrySet()) {
            out.reset();
            operator.getValue().snapshot(out);
            states.put(operator.getKey(), out.toByteArray());
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
    }

    private static Map<String, SourceCheckpoint> sourceCheckpoints(Graph graph) {
        Map<String, SourceCheckpoint> sources = new LinkedHashMap<>();
        for (SourceNode<?> source : graph.sources()) {
            byte[] offsets = String.join("\n", source.locations()).getBytes(StandardCharsets.UTF_8);
            sources.put(source.persistentId(), new SourceCheckpoint(source.schema().description(),
                    Long.toHexString(source.schema().fingerprint()), offsets));
        }
        return sources;
    }

    private static String sourceStateName(SourceNode<?> source) {
        return "source-" + source.persistentId();
    }

    /**
     * The stateful operators by stable name: position in the pipeline and kind. An operator added,
     * removed or moved changes the names, and recovery then rebuilds operator state from the input.
     */
    private static Map<String, Stateful> operatorStates(Graph graph) {
        Map<String, Stateful> states = new LinkedHashMap<>();
        for (Node node : graph.nodes()) {
            if (node instanceof Stateful stateful && !(node instanceof SourceNode<?>)) {
                states.put("op-" + node.index() + "-" + node.kind().replaceAll("[^A-Za-z0-9._-]", "_"), stateful);
            }
        }
        return states;
    }

    private static Map<String, String> operatorVersions(Map<String, Stateful> operators) {
        Map<String, String> versions = new TreeMap<>();
        operators.keySet().forEach(name -> versions.put(name, "1"));
        return versions;
    }

    @Override
    public void close() {
        if (lock != null) {
            lock.close();
            lock = null;
        }
    }
}
