package dev.tideway;

import dev.tideway.internal.engine.BatchComputation;
import dev.tideway.internal.engine.Checkpointing;
import dev.tideway.internal.engine.Graph;
import dev.tideway.internal.engine.PersistentSourceCall;
import dev.tideway.internal.engine.Runner;
import dev.tideway.internal.engine.SourceNode;
import dev.tideway.internal.engine.StopSignal;
import dev.tideway.internal.persistence.PersistentRun;
import dev.tideway.internal.engine.EngineTable;
import dev.tideway.internal.engine.monitor.WatchOptions;
import dev.tideway.internal.engine.workers.Workers;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 *
 * <p><b>Which pipeline runs.</b> As in Pathway, the pipeline is implicit: every table created on a
 * thread belongs to the pipeline that thread is building, and {@code run} or {@code start} takes it
 * (whether the run then succeeds or fails) and leaves the thread an empty one. What a thread built
 * and never ran stays there, though: if building the run's configuration throws
 * ({@code Backend.filesystem} on a path that is a file) and the program builds the pipeline again, the
 * next run would hold both. A program that retries, or builds several pipelines, builds each in a
 * {@link Pipeline}, which is discarded on every way out of its {@code try} block. Inside a
 * {@code Pipeline}'s block, {@code Tideway.run} runs that pipeline.
 */
public final class Tideway {
    private static final Logger LOG = LoggerFactory.getLogger(Tideway.class);

    private Tideway() {}

    /**
     * Runs without persistence until the sources are finished or the process is signalled to stop.
     *
     * @throws Exception what stopped the run, as listed at {@link #run(RunConfig)}
     */
    public static void run() throws Exception {
        run(RunConfig.defaults());
    }

    /**
     * Runs with persistence until finished or stopped; a restart continues where this run stopped.
     *
     * @throws Exception what stopped the run, as listed at {@link #run(RunConfig)}
     */
    public static void run(dev.tideway.persistence.PersistenceConfig persistence) throws Exception {
        run(RunConfig.defaults().withPersistence(persistence));
    }

    /**
     * Runs with a configuration (persistence, signal handling) until finished or stopped, on the
     * calling thread. Whatever stops it, the batch being computed is not committed: with persistence,
     * a restart recomputes it from the same input, and nothing committed before is changed. Every
     * source and sink is closed before the exception leaves.
     *
     * @throws IllegalStateException before anything is read, if the pipeline is not runnable: two
     *     sources share a persistent id, or (with persistence) a source is created by a
     *     {@code @PersistentSource} method called without its generated binding
     * @throws dev.tideway.persistence.PersistenceException with persistence: the state location is
     *     locked by another run, cannot be reached or written (after the backend's retries), holds
     *     damaged objects, was written by a newer Tideway, or holds rows of a source whose schema
     *     changed in a way that cannot be read back; the message says where and what to do
     * @throws InputException a source read input that does not parse (file, line, column in the
     *     message), under the source's default policy of stopping on bad rows
     * @throws UserFunctionException a user function (a UDF, a {@code map}, a {@code subscribe}
     *     callback, a record's constructor...) threw on a row: the cause is its exception, the message
     *     names the operator, the row and where it came from
     * @throws AsyncCallException an asynchronous user function failed on an argument after every
     *     attempt its retry policy allowed
     * @throws java.io.IOException a sink could not write its output (a file or folder that cannot
     *     be created), or a source could not read a file it listed
     * @throws InterruptedException the running thread was interrupted
     */
    public static void run(RunConfig config) throws Exception {
        run(Graph.detachCurrent(), config);
    }

    /**
     * Starts the pipeline built on the current thread in a background thread, and returns at once.
     * Signals are not handled: stop it with {@link RunHandle#stop}. What would escape
     * {@link #run(RunConfig)} is thrown by {@link RunHandle#await} and {@link RunHandle#stop}
     * instead.
     *
     * @throws IllegalStateException with persistence, if a source is created by a
     *     {@code @PersistentSource} method called without its generated binding (nothing is started)
     */
    public static RunHandle start(RunConfig config) {
        return start(Graph.detachCurrent(), config);
    }

    /** Starts the current pipeline without persistence; see {@link #start(RunConfig)}. */
    public static RunHandle start() {
        return start(RunConfig.defaults().withHandleSignals(false));
    }

    /**
     * The error log of the pipeline this thread is building: a table of the rows its operators
     * withhold because user code failed on them, in a run with
     * {@link RunConfig#withTerminateOnError(boolean) withTerminateOnError(false)} (one
     * {@link ErrorLogEntry} each, inserted at the batch that met the error, never retracted), as
     * Pathway's {@code pw.global_error_log()}. Write it to any sink, or compute on it like any table;
     * every call returns the same table. Errors met by operators that read the error log themselves go
     * to the application's log only. Without {@code withTerminateOnError(false)} it stays empty: the
     * first error stops the run.
     *
     * <pre>{@code
     * JsonLines.write(Tideway.errorLog(), Path.of("errors.jsonl"));
     * Tideway.run(RunConfig.defaults().withTerminateOnError(false));
     * }</pre>
     */
    public static Table<ErrorLogEntry> errorLog() {
        return EngineTable.wrap(Graph.current().errorLog(), ErrorLogEntry.SCHEMA);
    }

    static void run(Graph graph, RunConfig config) throws Exception {
        new Runner(graph, prepare(graph, config), new StopSignal(), watching(config), watch -> {}, computation(config))
                .run(config.handleSignals());
    }

    /** What computes the batches: the calling thread, or {@link RunConfig#workers()} worker threads. */
    private static java.util.function.Function<Graph, BatchComputation> computation(RunConfig config) {
        int workers = config.workers();
        return workers == 1 ? BatchComputation::single : graph -> Workers.start(graph, workers);
    }

    static RunHandle start(Graph graph, RunConfig config) {
        Checkpointing checkpointing = prepare(graph, config);
        StopSignal stop = new StopSignal();
        CompletableFuture<Void> done = new CompletableFuture<>();
        CompletableFuture<InetSocketAddress> monitoring = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                new Runner(graph, checkpointing, stop, watching(config), watch -> monitoring.complete(watch.monitoringAddress()),
                        computation(config)).run(false);
                done.complete(null);
            } catch (Throwable e) {
                monitoring.completeExceptionally(e);
                done.completeExceptionally(e);
            }
            monitoring.complete(null);
        }, "tideway-run");
        thread.setDaemon(true);
        thread.start();
        return new RunHandle(stop, done, monitoring);
    }

    private static WatchOptions watching(RunConfig config) {
        return new WatchOptions(config.meterRegistry(), config.monitoringAddress(), config.progress(), config.progressIntervalMs());
    }

    private static Checkpointing prepare(Graph graph, RunConfig config) {
        Workers.check(graph, config.workers());
        Checkpointing checkpointing = config.persistence().<Checkpointing>map(PersistentRun::new).orElse(Checkpointing.NONE);
        boolean persistent = checkpointing != Checkpointing.NONE;
        graph.terminateOnError(config.terminateOnError());
        checkBindings(graph, persistent);
        for (SourceNode<?> source : graph.sources()) {
            // a static source read once by a run that persists nothing never retracts a unit
            source.keepRows(persistent || source.connector().streaming());
            source.recording(persistent);
        }
        return checkpointing;
    }

    /**
     * A source created by a {@code @PersistentSource} method without its generated binding would be
     * persisted under a fragile generated id: refused with persistence, a warning without.
     */
    private static void checkBindings(Graph graph, boolean persistent) {
        Map<SourceNode<?>, PersistentSourceCall> unbound = graph.unboundSources();
        if (unbound.isEmpty()) {
            return;
        }
        if (persistent) {
            throw new IllegalStateException(unbound.entrySet().stream()
                    .map(entry -> entry.getValue().describe(entry.getKey().connector().location()))
                    .collect(Collectors.joining("; and ")) + ". Nothing was read or written.");
        }
        unbound.forEach((source, call) -> LOG.warn("{}; without persistence this run is not affected",
                call.describe(source.connector().location())));
    }
}
