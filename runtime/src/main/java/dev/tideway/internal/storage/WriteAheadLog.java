package dev.tideway.internal.storage;

import dev.tideway.persistence.Backend;
import dev.tideway.persistence.PersistenceException;
import dev.tideway.schema.BinaryWriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NavigableSet;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write-ahead log of one source: the records (encoded input events and offsets) that came in
 * since the last snapshot, so that recovery can replay them.
 *
 * <p>Records are {@linkplain #append appended} in memory and written by {@link #commit(long)} as one
 * immutable segment object {@code log/<sourceId>/<20-digit sequence>}: the header
 * {@link ObjectFormat#LOG_SEGMENT} and one frame holding the commit's records, each in its own
 * {@linkplain Frames frame}, compressed together ({@link FramedObject}); no append and no
 * rename, so it works on object stores too. A commit with no records writes nothing: the metadata,
 * not the presence of a segment, says which sequences are committed, so an empty marker would add a
 * write per idle source and commit for no information.
 *
 * <p>Segments become part of the consistent state only when the metadata that names their sequence
 * is committed. At start, {@link #discardAbove} deletes segments of a commit that crashed before its
 * metadata, {@link #read} replays the committed tail, and after each snapshot {@link #deleteUpTo}
 * drops the segments it covers. Only those three list the backend; commits know their own names.
 *
 * <pre>{@code
 * WriteAheadLog log = new WriteAheadLog(backend, "words");
 * log.append(codec.encode(event));
 * log.commit(checkpoint.walSequence());      // then commit the metadata
 * for (LogRecord r : log.read(snapshotSequence, checkpoint.walSequence())) { replay(r.payload()); }
 * }</pre>
 *
 * <p>Methods are synchronized: a source may append while the engine's commit thread commits.
 */
public final class WriteAheadLog {
    private static final Logger LOG = LoggerFactory.getLogger(WriteAheadLog.class);

    private final Backend backend;
    private final String sourceId;
    private final String prefix;
    private final BinaryWriter pending = new BinaryWriter(4096);
    private int pendingRecords;
    private long lastCommitted = -1;
    /** Sequences of the segments on the backend, once listed; kept up to date by commits and deletes. */
    private NavigableSet<Long> segments;
    private final AtomicLong cutTails = new AtomicLong();
    private volatile String lastCut;

    /**
     * The log of {@code sourceId} on {@code backend}.
     *
     * @throws IllegalArgumentException if the id is not 1 to 128 characters of {@code [A-Za-z0-9._-]}
     */
    public WriteAheadLog(Backend backend, String sourceId) {
        this.backend = backend;
        this.sourceId = ObjectNames.requireValidId("source id", sourceId);
        this.prefix = "log/" + sourceId + "/";
    }

    /** The object name of a segment. */
    public static String segmentName(String sourceId, long sequence) {
        return "log/" + ObjectNames.requireValidId("source id", sourceId) + "/" + ObjectNames.sequence(sequence);
    }

    public String sourceId() {
        return sourceId;
    }

    /** Adds a record to the next segment; nothing is written before {@link #commit}. */
    public synchronized void append(byte[] record) {
        Frames.write(pending, record);
        pendingRecords++;
    }

    /** Records appended since the last commit. */
    public synchronized int pendingRecords() {
        return pendingRecords;
    }

    /**
     * Writes the appended records durably as the segment of {@code sequence}. If the write fails the
     * records stay pending, so the commit can be retried.
     *
     * @param sequence the commit sequence the metadata will name; above every earlier one
     * @return true if a segment was written, false if there were no records
     * @throws IllegalArgumentException if {@code sequence} is not above the last committed one
     * @throws PersistenceException if the backend fails
     */
    public synchronized boolean commit(long sequence) {
        if (sequence <= lastCommitted) {
            throw new IllegalArgumentException("write-ahead log of source \"" + sourceId + "\": commit sequence "
                    + sequence + " is not above the last one, " + lastCommitted);
        }
        if (pendingRecords == 0) {
            lastCommitted = sequence;
            return false;
        }
        backend.put(segmentName(sourceId, sequence), FramedObject.write(ObjectFormat.LOG_SEGMENT, pending.buffer(), 0, pending.size()));
        pending.reset();
        pendingRecords = 0;
        lastCommitted = sequence;
        if (segments != null) {
            segments.add(sequence);
        }
        return true;
    }

    /**
     * The records of the segments with {@code afterSequence < sequence <= upToSequence}, in order.
     * Segments are read one at a time as the iteration reaches them.
     *
     * <p>If a segment is torn or corrupt, its good records are returned and the iteration ends there:
     * later records would be replayed without the ones lost, so the state would not be the state of
     * any prefix of the input. The cut is logged as a warning with the source id, segment and byte
     * offset, and counted by {@link #cutTails()}.
     *
     * @throws PersistenceException (while iterating) if a listed segment cannot be read
     * @throws ObjectFormat.NewerFormatException (while iterating) if a segment was written by a newer Tideway
     */
    public synchronized Iterable<LogRecord> read(long afterSequence, long upToSequence) {
        List<Long> selected = new ArrayList<>(listed().subSet(afterSequence, false, upToSequence, true));
        return () -> new SegmentIterator(selected);
    }

    /**
     * Deletes segments above {@code sequence}: written by a commit whose metadata never landed. Call
     * it at start with the sequence of the recovered metadata, before the first commit.
     *
     * @return the number of segments deleted
     */
    public synchronized int discardAbove(long sequence) {
        NavigableSet<Long> above = listed().tailSet(sequence, false);
        int count = deleteAll(above);
        if (count > 0) {
            LOG.info("Write-ahead log of source '{}': deleted {} segment(s) above sequence {} that no committed"
                    + " metadata names (left by an interrupted commit)", sourceId, count, sequence);
        }
        lastCommitted = sequence;
        return count;
    }

    /**
     * Deletes the segments up to and including {@code sequence}, once a committed snapshot covers
     * them.
     *
     * @return the number of segments deleted
     */
    public synchronized int deleteUpTo(long sequence) {
        return deleteAll(listed().headSet(sequence, true));
    }

    /** How many damaged tails {@link #read} has cut (a tail may hold several records). */
    public long cutTails() {
        return cutTails.get();
    }

    /** What the last cut of {@link #read} was: the segment, the byte offset and why; empty if none. */
    public Optional<String> lastCut() {
        return Optional.ofNullable(lastCut);
    }

    private int deleteAll(NavigableSet<Long> view) {
        List<Long> doomed = new ArrayList<>(view);
        for (long sequence : doomed) {
            backend.delete(segmentName(sourceId, sequence));
            segments.remove(sequence);
        }
        return doomed.size();
    }

    private NavigableSet<Long> listed() {
        if (segments == null) {
            NavigableSet<Long> found = new TreeSet<>();
            for (String name : backend.list(prefix)) {
                long sequence = ObjectNames.parseSequence(name.substring(prefix.length()));
                if (sequence >= 0) {
                    found.add(sequence);
                } else {
                    LOG.debug("Write-ahead log of source '{}': ignoring object {}, not a segment", sourceId, name);
                }
            }
            segments = found;
        }
        return segments;
    }

    /** Walks the records of the selected segments, loading one segment at a time. */
    private final class SegmentIterator implements Iterator<LogRecord> {
        private final List<Long> sequences;
        private int nextSegment;
        private long currentSequence;
        private Iterator<byte[]> current = List.<byte[]>of().iterator();
        private boolean stopped;

        SegmentIterator(List<Long> sequences) {
            this.sequences = sequences;
        }

        @Override
        public boolean hasNext() {
            while (!current.hasNext()) {
                if (stopped || nextSegment >= sequences.size()) {
                    return false;
                }
                load(sequences.get(nextSegment++));
            }
            return true;
        }

        @Override
        public LogRecord next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return new LogRecord(currentSequence, current.next());
        }

        private void load(long sequence) {
            String name = segmentName(sourceId, sequence);
            byte[] data = backend.get(name).orElseThrow(() -> new PersistenceException("write-ahead log of source \""
                    + sourceId + "\": segment " + name + " in state location " + backend.describe()
                    + " was listed but is gone; is another process deleting files in the state location?"));
            FrameScan scan;
            try {
                scan = FramedObject.scan(ObjectFormat.LOG_SEGMENT, data, name, backend.describe(), true);
            } catch (DamagedObjectException e) {
                // a garbled header: nothing of the segment can be trusted
                scan = new FrameScan(List.of(), 0, data.length, Optional.of(e.getMessage()));
            }
            if (!scan.isComplete()) {
                stopped = true;
                cutTails.incrementAndGet();
                lastCut = "segment " + name + " is damaged at byte " + scan.validLength() + " of " + scan.totalLength()
                        + scan.cutReason().map(r -> " (" + r + ")").orElse("");
                int later = sequences.size() - nextSegment;
                LOG.warn("Write-ahead log of source '{}' in {}: segment {} is damaged at byte {} of {} ({}); replaying"
                        + " its {} good record(s) and cutting the rest{}", sourceId, backend.describe(), name,
                        scan.validLength(), scan.totalLength(), scan.cutReason().orElse(""), scan.records().size(),
                        later == 0 ? "" : ", and skipping " + later + " later segment(s)");
            }
            currentSequence = sequence;
            current = scan.records().iterator();
        }
    }
}
