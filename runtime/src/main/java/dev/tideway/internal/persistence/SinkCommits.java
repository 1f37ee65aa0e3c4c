package dev.tideway.internal.persistence;

import dev.tideway.internal.engine.Graph;
import dev.tideway.internal.engine.SinkNode;
import dev.tideway.internal.storage.Checkpoint;
import dev.tideway.internal.storage.PreparedTransactions;
import dev.tideway.persistence.PersistenceException;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sinks' part of the commit protocol and of recovery: each sink's committed position (a file's
 * length; a transactional sink's count of commits), and the two phases of a transactional sink, as
 * Flink's {@code TwoPhaseCommitSinkFunction}: at every commit the sinks pre-commit
 * ({@link #precommit}); what finishes a transaction that moved is written to
 * {@link PreparedTransactions} before the metadata naming its position ({@link #writePrepared}); once
 * that metadata is durable, the transactions are committed ({@link #commitPrepared}) and those of the
 * positions left behind deleted ({@link #deleteReleased}). At start the sinks are opened at their
 * committed positions, a transactional sink with the prepared transaction its position names
 * ({@link #open}). Steps 2, 9, 11 and 13 of the commit protocol in {@code docs/state-format.md}.
 *
 * <p>Used on the run's thread only.
 */
final class SinkCommits {
    /** A run's persistence logs under one category, {@link PersistentRun}'s. */
    private static final Logger LOG = LoggerFactory.getLogger(PersistentRun.class);

    private final RunPlan plan;
    private final StateLocation location;
    private final PreparedTransactions prepared;
    private Map<String, Long> sinkPositions = new HashMap<>();
    /** What the transactional sinks prepared at this commit, by sink persistent name: written before the metadata. */
    private final Map<String, byte[]> preparedNow = new HashMap<>();
    /** The positions whose prepared transactions the next metadata no longer names, by sink persistent name. */
    private final Map<String, Long> preparedBefore = new HashMap<>();

    SinkCommits(RunPlan plan, StateLocation location) {
        this.plan = plan;
        this.location = location;
        this.prepared = location.prepared();
    }

    /** The positions the next metadata names, by sink persistent name. */
    Map<String, Long> positions() {
        return sinkPositions;
    }

    /** Continues from the positions a checkpoint committed (or fewer: the sinks about to be rewritten left out). */
    void continueFrom(Map<String, Long> committed) {
        sinkPositions = new HashMap<>(committed);
    }

    /** Forgets what an earlier commit prepared and did not write: a commit starts. */
    void startCommit() {
        preparedNow.clear();
    }

    /**
     * Commits every sink: its data flushed and forced to the device, its position kept; a transactional
     * sink pre-commits, and when its position moved, what finishes its transaction is kept for
     * {@link #writePrepared} and the position it moved from for {@link #deleteReleased}. Returns whether
     * any sink moved.
     */
    boolean precommit(Graph graph) throws IOException {
        boolean sinksMoved = false;
        for (SinkNode<?> sink : graph.sinks()) {
            long position = sink.commit();
            if (position >= 0) {
                String name = sink.connector().persistentName();
                Long before = sinkPositions.put(name, position);
                boolean moved = before == null || before != position;
                sinksMoved |= moved;
                byte[] transaction = sink.prepared();
                if (moved && transaction != null) {
                    preparedNow.put(name, transaction);
                    if (before != null) {
                        preparedBefore.put(name, before);
                    }
                }
            }
        }
        return sinksMoved;
    }

    /** Writes what finishes each transaction {@link #precommit} prepared, once: a final commit naming the same positions writes nothing. */
    void writePrepared() {
        for (Map.Entry<String, byte[]> transaction : preparedNow.entrySet()) {
            prepared.put(transaction.getKey(), sinkPositions.get(transaction.getKey()), transaction.getValue());
        }
        preparedNow.clear();   // written once: a final checkpoint of the run names the same objects
    }

    /** Deletes the prepared transactions that the metadata just committed no longer names. */
    void deleteReleased() {
        try {
            preparedBefore.forEach(prepared::delete);
            preparedBefore.clear();
        } catch (PersistenceException e) {
            LOG.warn("cannot delete a prepared transaction no longer needed at {}: {}; it is deleted at the next start",
                    location.describe(), e.getMessage());
        }
    }

    /** The second phase: the metadata naming what the sinks prepared is durable (or none was due). */
    static void commitPrepared(Graph graph) throws IOException {
        for (SinkNode<?> sink : graph.sinks()) {
            sink.commitPrepared();
        }
    }

    /**
     * Opens the sinks at the lengths {@code continueFrom} committed, or afresh when it is null; a
     * transactional sink also gets the prepared transaction of its committed position to finish.
     */
    void open(Graph graph, Checkpoint continueFrom) throws IOException {
        for (SinkNode<?> sink : graph.sinks()) {
            String name = sink.connector().persistentName();
            Long position = continueFrom == null ? null : continueFrom.sinks().get(name);
            long committed = position == null ? -1 : position;
            byte[] transaction = null;
            if (sink.transactional() && committed >= 0) {
                transaction = prepared.get(name, committed).orElse(null);
            }
            sink.open(committed, transaction);
            if (sink.transactional() && plan.write()) {
                // what a crashed run prepared after the committed position is not part of any commit
                prepared.deleteExcept(name, committed);
            }
        }
    }
}
