package dev.tideway.internal.engine;

import java.io.IOException;

/**
 * What the run loop asks of persistence: recover before the first poll, commit after every batch,
 * close at the end. Without persistence, {@link #NONE}.
 */
public interface Checkpointing {
    /**
     * Restores the graph's state and replays the log written after it (sinks suppressed), and opens
     * the sinks at their committed positions. Returns the last logical time committed, or -1.
     */
    long recover(Graph graph) throws IOException;

    /**
     * Makes the batch of {@code time} durable: logs, sink positions (a transactional sink's
     * prepared transaction), snapshots as due, metadata last; then commits the transactional
     * sinks' transactions and tells the sources their offsets are committed.
     */
    void commit(Graph graph, long time) throws IOException;

    /** False: the run stops once recovery has replayed what was recorded, without reading new input. */
    default boolean continueAfterRecovery() {
        return true;
    }

    /** Called once after the last batch of a run that ended normally: a final snapshot, if due. */
    default void finish(Graph graph, long time) throws IOException {}

    /** Releases the state location. */
    void close() throws IOException;

    /** What the persistence wrote and recovered, for metrics; null without persistence. */
    default CheckpointStatistics statistics() {
        return null;
    }

    /** No persistence: sinks start afresh, nothing is recorded. */
    Checkpointing NONE = new Checkpointing() {
        @Override
        public long recover(Graph graph) throws IOException {
            for (SinkNode<?> sink : graph.sinks()) {
                sink.open(-1);
            }
            return -1;
        }

        @Override
        public void commit(Graph graph, long time) throws IOException {
            for (SinkNode<?> sink : graph.sinks()) {
                sink.commit();
                sink.commitPrepared();
            }
            for (SourceNode<?> source : graph.sources()) {
                source.committed();
            }
        }

        @Override
        public void close() {}
    };
}
