package dev.tideway.internal.persistence;

import dev.tideway.internal.engine.Graph;
import dev.tideway.internal.engine.SourceNode;
import dev.tideway.schema.BinaryReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The log tail recovery replays: the committed records of the persisted sources written after the
 * snapshot, by commit sequence, each a payload of the batch's time and the source's record
 * ({@link SourceLogs#readTail}). {@link #apply} hands them back to their sources, which apply them as
 * they did when they made them.
 *
 * <p>Immutable once made (the map handed in must not be changed after); applied on the run's thread.
 */
final class LogTail {
    /** No records: a mode that replays nothing. */
    static final LogTail EMPTY = new LogTail(new TreeMap<>());

    private final NavigableMap<Long, List<SourceLogs.Entry>> bySequence;

    LogTail(TreeMap<Long, List<SourceLogs.Entry>> bySequence) {
        this.bySequence = Collections.unmodifiableNavigableMap(bySequence);
    }

    boolean isEmpty() {
        return bySequence.isEmpty();
    }

    /** The logical time of the first batch of the tail; the tail must not be empty. */
    long firstTime() {
        return new BinaryReader(bySequence.firstEntry().getValue().get(0).bytes()).readLong();
    }

    /**
     * Applies the tail in commit order: batch by batch at the original times, or all within the
     * current batch ({@code oneBatch}). Returns the number of records applied.
     */
    long apply(Graph graph, boolean oneBatch) {
        long count = 0;
        for (List<SourceLogs.Entry> batch : bySequence.values()) {
            long time = -1;
            List<Runnable> applies = new ArrayList<>();
            for (SourceLogs.Entry item : batch) {
                SourceNode<?> source = item.source();
                byte[] payload = item.bytes();
                BinaryReader in = new BinaryReader(payload);
                time = in.readLong();
                byte[] record = Arrays.copyOfRange(payload, in.position(), payload.length);
                applies.add(() -> source.replay(record));
                count++;
            }
            if (!oneBatch) {
                graph.beginTime(Math.max(time, graph.time() + 1));
            }
            applies.forEach(Runnable::run);
            if (!oneBatch) {
                graph.flush();
            }
        }
        return count;
    }
}
