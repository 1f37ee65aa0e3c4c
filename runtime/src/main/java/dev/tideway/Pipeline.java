package dev.tideway;

import dev.tideway.internal.engine.Graph;
import dev.tideway.persistence.PersistenceConfig;

/**
 * A pipeline held by the program: the tables created on this thread between {@link #create()} and
 * {@link #run}, {@link #start} or {@link #close()} belong to it and to nothing else. Closing it
 * discards whatever of it did not run, so a failure anywhere in the block (building the tables,
 * building the run's configuration, the run itself) leaves nothing behind for the next attempt.
 *
 * <pre>{@code
 * for (int attempt = 1; ; attempt++) {
 *     try (Pipeline pipeline = Pipeline.create()) {
 *         new WordCountPipeline_Persistent(inputs).build(output);
 *         pipeline.run(PersistenceConfig.of(Backend.filesystem(state)));
 *         break;
 *     } catch (PersistenceException e) {
 *         if (attempt == 3) throw e;                // the next attempt builds from nothing
 *     }
 * }
 * }</pre>
 *
 * <p>It is the explicit form of what {@link Tideway#run} does implicitly: a thread always builds one
 * pipeline, its own implicit one or the {@code Pipeline} it created last and has not closed; a
 * {@code Pipeline} closed (or run) gives the thread back the one it was building before, untouched.
 * Inside the block, {@code Tideway.run()} runs this pipeline. A pipeline runs once.
 *
 * <p>Not thread-safe: build it on the thread that created it; it may be run from another.
 */
public final class Pipeline implements AutoCloseable {
    private final Graph graph = new Graph();
    private final Graph previous;
    private final Thread builder;
    private String used;

    private Pipeline() {
        this.builder = Thread.currentThread();
        this.previous = Graph.enter(graph);
    }

    /** A new, empty pipeline, which the current thread builds until it is run, started or closed. */
    public static Pipeline create() {
        return new Pipeline();
    }

    /**
     * The error log of this pipeline: the rows its operators withhold because user code failed on
     * them, in a run with {@code withTerminateOnError(false)}; see {@link Tideway#errorLog()}.
     *
     * @throws IllegalStateException if the pipeline already ran, was started or closed
     */
    public Table<ErrorLogEntry> errorLog() {
        if (used != null) {
            throw new IllegalStateException("this pipeline was already " + used + "; ask for its error log while building it");
        }
        return dev.tideway.internal.engine.EngineTable.wrap(graph.errorLog(), ErrorLogEntry.SCHEMA);
    }

    /**
     * Runs the pipeline without persistence until its sources are finished or the process is
     * signalled to stop; see {@link Tideway#run(RunConfig)}.
     *
     * @throws IllegalStateException if the pipeline already ran, was started or closed
     * @throws Exception what stopped the run, as listed at {@link Tideway#run(RunConfig)}
     */
    public void run() throws Exception {
        run(RunConfig.defaults());
    }

    /**
     * Runs the pipeline with persistence; see {@link #run(RunConfig)}.
     *
     * @throws IllegalStateException if the pipeline already ran, was started or closed
     * @throws Exception what stopped the run, as listed at {@link Tideway#run(RunConfig)}
     */
    public void run(PersistenceConfig persistence) throws Exception {
        run(RunConfig.defaults().withPersistence(persistence));
    }

    /**
     * Runs the pipeline as configured until finished or stopped.
     *
     * @throws IllegalStateException if the pipeline already ran, was started or closed
     * @throws Exception what stopped the run, as listed at {@link Tideway#run(RunConfig)}: a
     *     {@link dev.tideway.persistence.PersistenceException}, an {@link InputException}, a
     *     {@link UserFunctionException}, an {@link AsyncCallException}, an
     *     {@link java.io.IOException} of a sink, an {@link InterruptedException}
     */
    public void run(RunConfig config) throws Exception {
        Tideway.run(take("run"), config);
    }

    /**
     * Starts the pipeline in a background thread and returns at once; see
     * {@link Tideway#start(RunConfig)}.
     *
     * @throws IllegalStateException if the pipeline already ran, was started or closed
     */
    public RunHandle start(RunConfig config) {
        return Tideway.start(take("started"), config);
    }

    /** Starts the pipeline without persistence; see {@link #start(RunConfig)}. */
    public RunHandle start() {
        return start(RunConfig.defaults().withHandleSignals(false));
    }

    /**
     * Discards the pipeline if it did not run, and gives the thread back the pipeline it was
     * building before {@link #create()}. Does nothing the second time, and does not stop a run
     * {@linkplain #start started} from it.
     */
    @Override
    public void close() {
        if (used == null) {
            used = "closed";
        }
        leave();
    }

    private Graph take(String what) {
        if (used != null) {
            throw new IllegalStateException("this pipeline was already " + used + "; a pipeline runs once: build the next one"
                    + " in a new Pipeline.create()");
        }
        used = what;
        leave();
        return graph;
    }

    private void leave() {
        if (Thread.currentThread() == builder) {
            Graph.leave(graph, previous);
        }
    }
}
