package dev.tideway.internal.engine;

import java.io.IOException;
import java.util.List;

/**
 * How the run loop computes a batch: it decides the logical time and which sources are due; a
 * computation polls them and ends the time on every node. {@link #single} runs the graph on the
 * calling thread; {@code workers.Workers} runs it on several worker threads.
 */
public interface BatchComputation {
    /**
     * The source nodes whose {@code due}, {@code finished} and {@code nextPollAt} the loop reads, by
     * position in {@code graph.sources()}: the graph's own, or the copies that are actually polled.
     */
    List<SourceNode<?>> polledSources();

    /**
     * Computes the batch of logical time {@code time}: polls the sources at positions {@code due}
     * (of {@code graph.sources()}) at {@code nowMillis}, then flushes every node; returns when every
     * node has finished the time (sinks have written it).
     *
     * @throws IOException what a source or sink throws
     */
    void compute(long time, List<Integer> due, long nowMillis) throws IOException, InterruptedException;

    /** Tells every node that the run is over. */
    void end();

    /** Stops what the computation started (threads); called once, whatever happened. */
    default void close() {}

    /** The graph computed on the calling thread, as the engine has always run it. */
    static BatchComputation single(Graph graph) {
        return new BatchComputation() {
            @Override
            public List<SourceNode<?>> polledSources() {
                return graph.sources();
            }

            @Override
            public void compute(long time, List<Integer> due, long nowMillis) throws IOException {
                graph.beginTime(time);
                for (int index : due) {
                    graph.sources().get(index).poll(nowMillis);
                }
                graph.flush();
            }

            @Override
            public void end() {
                graph.end();
            }
        };
    }
}
