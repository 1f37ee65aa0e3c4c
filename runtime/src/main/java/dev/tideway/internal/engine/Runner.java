package dev.tideway.internal.engine;

import dev.tideway.internal.engine.monitor.RunMonitor;
import dev.tideway.internal.engine.monitor.RunWatch;
import dev.tideway.internal.engine.monitor.WatchOptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run loop: polls the sources that are due, computes the batch at a new logical time, commits
 * it, and repeats until every source is finished (static) or a stop is requested (streaming).
 *
 * <p>A batch is transactional: if polling or computing fails, nothing of it is written or committed,
 * and the run stops with the error.
 */
public final class Runner {
    private static final Logger LOG = LoggerFactory.getLogger(Runner.class);

    private final Graph graph;
    private final Checkpointing checkpointing;
    private final StopSignal stop;
    private final WatchOptions watching;
    private final java.util.function.Consumer<RunWatch> started;
    private final java.util.function.Function<Graph, BatchComputation> computation;

    public Runner(Graph graph, Checkpointing checkpointing, StopSignal stop) {
        this(graph, checkpointing, stop, WatchOptions.NONE, watch -> {});
    }

    /** A run on the calling thread (one worker). */
    public Runner(Graph graph, Checkpointing checkpointing, StopSignal stop, WatchOptions watching, java.util.function.Consumer<RunWatch> started) {
        this(graph, checkpointing, stop, watching, started, BatchComputation::single);
    }

    /**
     * A run watched as {@code watching} says; {@code started} is told of the watch once it is open
     * (before recovery), to learn the monitoring endpoint's address. {@code computation} makes what
     * computes the batches, once the sources have their persistent ids.
     */
    public Runner(Graph graph, Checkpointing checkpointing, StopSignal stop, WatchOptions watching, java.util.function.Consumer<RunWatch> started,
                  java.util.function.Function<Graph, BatchComputation> computation) {
        this.graph = graph;
        this.computation = computation;
        this.checkpointing = checkpointing;
        this.stop = stop;
        this.watching = watching;
        this.started = started;
    }

    /** Runs to the end. {@code handleSignals}: SIGINT and SIGTERM stop the run gracefully. */
    public void run(boolean handleSignals) throws IOException, InterruptedException {
        graph.markRunning();
        assignPersistentIds(graph);
        if (graph.sinks().isEmpty()) {
            LOG.warn("the pipeline has no sink: nothing it computes will be seen");
        }
        RunMonitor monitor = new RunMonitor(graph, checkpointing.statistics() != null);
        graph.errorReporter(monitor);
        RunWatch watch = null;
        BatchComputation batches = null;
        try (SignalStop signals = handleSignals ? new SignalStop(stop) : null) {
            watch = watching.open(monitor);
            started.accept(watch);
            monitor.recovering();
            long recoveryStart = System.nanoTime();
            long time = checkpointing.recover(graph);
            monitor.recovered(System.nanoTime() - recoveryStart, checkpointing.statistics());
            batches = computation.apply(graph);
            if (checkpointing.continueAfterRecovery()) {
                time = loop(time, monitor, batches);
            } else {
                LOG.info("replayed what was recorded; stopping without reading new input (continueAfterReplay is false)");
            }
            checkpointing.finish(graph, time);
            if (batches == null) {
                graph.end();
            } else {
                batches.end();
            }
            monitor.finished();
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            monitor.failed();
            throw e;
        } finally {
            if (batches != null) {
                batches.close();
            }
            if (watch != null) {
                watch.close();
            }
            closeAll();
        }
    }

    private long loop(long lastTime, RunMonitor monitor, BatchComputation batches) throws IOException, InterruptedException {
        long time = lastTime;
        List<SourceNode<?>> sources = batches.polledSources();
        while (true) {
            long now = System.currentTimeMillis();
            List<Integer> due = new ArrayList<>();
            for (int s = 0; s < sources.size(); s++) {
                if (sources.get(s).due(now)) {
                    due.add(s);
                }
            }
            if (!due.isEmpty()) {
                time = Math.max(time + 1, now);
                for (int s : due) {
                    monitor.polling(graph.sources().get(s), now);
                }
                batches.compute(time, due, now);
                long commitStart = System.nanoTime();
                checkpointing.commit(graph, time);
                monitor.committed(time, System.nanoTime() - commitStart, checkpointing.statistics());
            }
            if (sources.stream().allMatch(SourceNode::finished) || stop.requested()) {
                return time;
            }
            long wait = Long.MAX_VALUE;
            for (SourceNode<?> source : sources) {
                if (!source.finished()) {
                    wait = Math.min(wait, source.nextPollAt() - System.currentTimeMillis());
                }
            }
            if (stop.await(Math.max(1, wait))) {
                return time;
            }
        }
    }

    /**
     * Gives every source its persistent id: the explicit one, or one generated by order of creation
     * ({@code <kind>-<n>}, as Pathway does; fragile when the pipeline changes). Two sources with one id
     * are an error naming it.
     */
    public static void assignPersistentIds(Graph graph) {
        Map<String, SourceNode<?>> byId = new HashMap<>();
        int generated = 0;
        for (SourceNode<?> source : graph.sources()) {
            String id = source.explicitId();
            if (id == null) {
                id = source.connector().kind() + "-" + generated++;
            }
            SourceNode<?> other = byId.put(id, source);
            if (other != null) {
                throw new IllegalStateException("two sources have the persistent id \"" + id + "\" (" + other.connector().location()
                        + " and " + source.connector().location() + "); give each source its own id");
            }
            source.assignPersistentId(id);
        }
    }

    private void closeAll() {
        for (SinkNode<?> sink : graph.sinks()) {
            try {
                sink.close();
            } catch (IOException | RuntimeException e) {
                LOG.warn("cannot close {}: {}", sink.connector().name(), e.toString());
            }
        }
        for (SourceNode<?> source : graph.sources()) {
            try {
                source.connector().close();
            } catch (IOException | RuntimeException e) {
                LOG.warn("cannot close source {}: {}", source.persistentId(), e.toString());
            }
        }
        try {
            checkpointing.close();
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot close the persistence: {}", e.toString());
        }
    }
}
