package dev.tideway;

import dev.tideway.engine.Checkpointing;
import dev.tideway.engine.Graph;
import dev.tideway.engine.Runner;
import dev.tideway.engine.SourceNode;
import dev.tideway.engine.StopSignal;
import java.util.concurrent.CompletableFuture;

/**
 * Runs the pipeline built on the current thread.
 *
 * <pre>{@code
 * Table<Word> words = Csv.read(Path.of("inputs"), Word_.SCHEMA);
 * JsonLines.write(words.groupBy(Word_.word).reduce(WordCount_.of(Word_.word, Reducers.count())), Path.of("counts.jsonl"));
 * Tideway.run();
 * }</pre>
 *
 * <p>A run is static when all its sources are (read everything, compute, write, return) and
 * streaming otherwise (poll, commit small batches, run until stopped: SIGINT, SIGTERM or
 * {@link RunHandle#stop}). A stop is graceful: the batch being computed is finished and committed.
 */
public final class Tideway {
    private Tideway() {}

    /** Runs without persistence until the sources are finished or the process is signalled to stop. */
    public static void run() throws Exception {
        run(RunConfig.defaults());
    }

    /** Runs with a configuration (persistence, signal handling) until finished or stopped. */
    public static void run(RunConfig config) throws Exception {
        Graph graph = Graph.detachCurrent();
        new Runner(graph, prepare(graph, config), new StopSignal()).run(config.handleSignals());
    }

    /**
     * Starts the pipeline built on the current thread in a background thread, and returns at once.
     * Signals are not handled: stop it with {@link RunHandle#stop}.
     */
    public static RunHandle start(RunConfig config) {
        Graph graph = Graph.detachCurrent();
        Checkpointing checkpointing = prepare(graph, config);
        StopSignal stop = new StopSignal();
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                new Runner(graph, checkpointing, stop).run(false);
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        }, "tideway-run");
        thread.setDaemon(true);
        thread.start();
        return new RunHandle(stop, done);
    }

    /** Starts the current pipeline without persistence; see {@link #start(RunConfig)}. */
    public static RunHandle start() {
        return start(RunConfig.defaults().withHandleSignals(false));
    }

    private static Checkpointing prepare(Graph graph, RunConfig config) {
        Checkpointing checkpointing = config.checkpointing();
        boolean persistent = checkpointing != Checkpointing.NONE;
        for (SourceNode<?> source : graph.sources()) {
            // a static source read once by a run that persists nothing never retracts a unit
            source.keepRows(persistent || source.connector().streaming());
            source.recording(persistent);
        }
        return checkpointing;
    }
}
