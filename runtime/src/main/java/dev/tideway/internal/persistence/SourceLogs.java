package dev.tideway.internal.persistence;

import dev.tideway.internal.engine.CheckpointStatistics;
import dev.tideway.internal.engine.Graph;
import dev.tideway.internal.engine.SourceNode;
import dev.tideway.internal.storage.LogRecord;
import dev.tideway.internal.storage.WriteAheadLog;
import dev.tideway.persistence.PersistenceException;
import dev.tideway.schema.BinaryWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The write-ahead logs of a run's persisted sources ({@code log/<source id>/<sequence>}): a commit
 * appends each source's records prefixed with the batch's time and writes them as one segment per
 * source ({@link #append}, {@link #commit}); recovery deletes what a crashed commit wrote
 * ({@link #discardAbove}) and reads the committed tail after the snapshot ({@link #readTail}); a new
 * snapshot deletes the segments it covers ({@link #deleteUpTo}). The record and segment layouts are
 * {@link WriteAheadLog}'s and the source's ({@code SourceLogRecords}, in {@link SourceNode}'s package).
 *
 * <p>Used on the run's thread only.
 */
final class SourceLogs {
    /** A record of a source: as the source made it ({@link #append}), or its log payload, the batch's time first ({@link #readTail}). */
    record Entry(SourceNode<?> source, byte[] bytes) {}

    private final RunPlan plan;
    private final StateLocation location;
    private final CheckpointStatistics statistics;
    private final Map<SourceNode<?>, WriteAheadLog> logs = new LinkedHashMap<>();
    private final BinaryWriter recordWriter = new BinaryWriter(1 << 16);

    SourceLogs(RunPlan plan, StateLocation location, CheckpointStatistics statistics) {
        this.plan = plan;
        this.location = location;
        this.statistics = statistics;
    }

    /** Gives {@code source} a log: its records are written at every commit that snapshots nothing. */
    void open(SourceNode<?> source) {
        logs.put(source, new WriteAheadLog(location.snapshotBackend(), source.persistentId()));
    }

    /** Whether no source logs (positions only): every change is then committed by a snapshot. */
    boolean isEmpty() {
        return logs.isEmpty();
    }

    /** Appends each record of a source with a log, prefixed with the batch's {@code time}, in memory. */
    void append(List<Entry> records, long time) {
        for (Entry item : records) {
            WriteAheadLog log = logs.get(item.source());
            if (log != null) {
                byte[] record = item.bytes();
                recordWriter.reset();
                recordWriter.writeLong(time);
                recordWriter.writeRaw(record, 0, record.length);
                log.append(recordWriter.toByteArray());
                statistics.logged(recordWriter.size());
            }
        }
    }

    /** Writes what each log appended as its segment {@code sequence}, durably (sources without records write nothing). */
    void commit(long sequence) {
        for (WriteAheadLog log : logs.values()) {
            log.commit(sequence);
        }
    }

    /** Deletes every source's segments above the committed sequence, left by a commit that died before its metadata. */
    void discardAbove(long committed) {
        for (String sourceId : loggedSourceIds()) {
            new WriteAheadLog(location.snapshotBackend(), sourceId).discardAbove(committed);
        }
    }

    /** Deletes every source's segments up to {@code snapshotId}, which that snapshot covers. */
    void deleteUpTo(long snapshotId) {
        for (String sourceId : loggedSourceIds()) {
            new WriteAheadLog(location.snapshotBackend(), sourceId).deleteUpTo(snapshotId);
        }
    }

    /** The ids of every source with a log under this state, in the pipeline or not. */
    private Set<String> loggedSourceIds() {
        Set<String> ids = new TreeSet<>();
        for (String name : location.snapshotBackend().list("log/")) {
            int slash = name.indexOf('/', "log/".length());
            if (slash > 0) {
                ids.add(name.substring("log/".length(), slash));
            }
        }
        logs.keySet().forEach(source -> ids.add(source.persistentId()));
        return ids;
    }

    /**
     * Reads the records of every persisted source written after {@code after} up to {@code committed},
     * by commit sequence. A damaged segment here is an error: every segment read is committed.
     */
    LogTail readTail(Graph graph, long after, long committed) {
        TreeMap<Long, List<Entry>> bySequence = new TreeMap<>();
        for (SourceNode<?> source : graph.sources()) {
            if (!plan.persists(source)) {
                continue;
            }
            // read even when this run logs nothing (positions only): the tail says what the source read
            WriteAheadLog log = logs.containsKey(source) ? logs.get(source) : new WriteAheadLog(location.snapshotBackend(), source.persistentId());
            for (LogRecord record : log.read(after, committed)) {
                bySequence.computeIfAbsent(record.sequence(), s -> new ArrayList<>()).add(new Entry(source, record.payload()));
            }
            if (log.cutTails() > 0) {
                // The sinks already hold the results of these records, so replaying without them
                // would make the outputs retract and insert again.
                throw new PersistenceException("the write-ahead log of source \"" + log.sourceId() + "\" in state location "
                        + location.describe() + " is damaged: " + log.lastCut().orElse("a segment is torn")
                        + ". Its records are committed and the outputs already hold their results, so recovering"
                        + " without them would lose or duplicate output. Restore the segment from a backup, or move the"
                        + " state location and the outputs away to start afresh.");
            }
        }
        return new LogTail(bySequence);
    }
}
