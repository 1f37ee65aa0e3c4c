package dev.tideway.internal.engine.workers;

import dev.tideway.internal.engine.BatchComputation;
import dev.tideway.internal.engine.Graph;
import dev.tideway.internal.engine.Runner;
import dev.tideway.internal.engine.SinkNode;
import dev.tideway.testing.Captured;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A pipeline built in a graph of its own and computed on {@code workers} workers (1: the run's own
 * thread) without a run loop or persistence: a test computes it time by time and compares what its
 * sinks captured. Rows that fail (key clashes) are withheld rather than stopping it.
 */
record ComputedPipeline(int workers, Graph graph, BatchComputation computation, Map<String, Captured<?>> outputs) {
    /** Builds the pipeline with {@code build}, which captures each table to compare under a name in the map it is given. */
    static ComputedPipeline start(int workers, Consumer<Map<String, Captured<?>>> build) throws IOException {
        Graph graph = new Graph();
        Map<String, Captured<?>> outputs = new LinkedHashMap<>();
        Graph previous = Graph.enter(graph);
        try {
            build.accept(outputs);
        } finally {
            Graph.leave(graph, previous);
        }
        graph.terminateOnError(false);
        Runner.assignPersistentIds(graph);
        for (SinkNode<?> sink : graph.sinks()) {
            sink.open(-1);
        }
        BatchComputation computation = workers == 1 ? BatchComputation.single(graph) : Workers.start(graph, workers);
        return new ComputedPipeline(workers, graph, computation, outputs);
    }
}
