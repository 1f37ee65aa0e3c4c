package dev.tideway;

import dev.tideway.persistence.PersistenceConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@link Tideway#run(RunConfig)} runs: with or without persistence, whether SIGINT and SIGTERM
 * stop it gracefully (the default), what a row that user code fails on does, and how the run is
 * watched (metrics, a monitoring endpoint, progress on the console). Immutable: each {@code with}
 * returns a new configuration.
 *
 * <pre>{@code
 * Tideway.run(RunConfig.defaults()
 *         .withPersistence(PersistenceConfig.of(Backend.filesystem(Path.of("state"))))
 *         .withTerminateOnError(false)                  // failing rows go to Tideway.errorLog()
 *         .withMonitoringPort(9464));                   // /metrics, /health, and a status page on /
 * }</pre>
 */
public final class RunConfig {
    /** The default time between progress lines in a log (not a terminal), and between streaming summaries: 10 s. */
    public static final long DEFAULT_PROGRESS_INTERVAL_MS = 10_000;

    private final PersistenceConfig persistence;
    private final boolean handleSignals;
    private final boolean terminateOnError;
    private final MeterRegistry meterRegistry;
    private final InetSocketAddress monitoringAddress;
    private final boolean progress;
    private final long progressIntervalMs;
    private final int workers;

    private RunConfig(PersistenceConfig persistence, boolean handleSignals, boolean terminateOnError, MeterRegistry meterRegistry,
                      InetSocketAddress monitoringAddress, boolean progress, long progressIntervalMs, int workers) {
        this.persistence = persistence;
        this.handleSignals = handleSignals;
        this.terminateOnError = terminateOnError;
        this.meterRegistry = meterRegistry;
        this.monitoringAddress = monitoringAddress;
        this.progress = progress;
        this.progressIntervalMs = progressIntervalMs;
        this.workers = workers;
    }

    /**
     * No persistence; signals stop the run gracefully; a failing row stops the run; progress shown;
     * no metrics and no monitoring endpoint.
     */
    public static RunConfig defaults() {
        return new RunConfig(null, true, true, null, null, true, DEFAULT_PROGRESS_INTERVAL_MS, 1);
    }

    /** Whether SIGINT and SIGTERM stop the run gracefully (finish the batch, commit, return). */
    public RunConfig withHandleSignals(boolean handle) {
        return new RunConfig(persistence, handle, terminateOnError, meterRegistry, monitoringAddress, progress, progressIntervalMs, workers);
    }

    /**
     * Persists the run as configured: a restart continues where it stopped.
     *
     * @throws NullPointerException if {@code persistence} is null
     */
    public RunConfig withPersistence(PersistenceConfig persistence) {
        return new RunConfig(Objects.requireNonNull(persistence, "persistence"), handleSignals, terminateOnError, meterRegistry,
                monitoringAddress, progress, progressIntervalMs, workers);
    }

    /**
     * What a row does when user code fails on it (a UDF, an expression, a record's constructor, a
     * reducer, a session predicate, a callback) or when it clashes with another row's key, as Pathway's
     * {@code terminate_on_error}. {@code true}, the default: the run stops with a
     * {@link UserFunctionException} naming the operator, the row's key and values and where it came
     * from; the batch is not committed. {@code false}: the operator withholds the row from its result,
     * reports it to the error log ({@link Tideway#errorLog()}, logged at WARN too) and the run goes on.
     *
     * <p>A withheld row is treated as if it had not come: its retraction (a file changed or deleted,
     * an update) is computed again, fails again, and is dropped too, so the operators' state and the
     * outputs stay consistent, across restarts too (persistence replays the same failures). This
     * needs user code that is deterministic, as replay does; code that fails only sometimes (a
     * network call) is declared so in a select or a map ({@code Table.mapNonDeterministic},
     * {@code Exprs.applyNonDeterministic}): such an operator remembers the rows it failed on, in its
     * persisted state, and drops their retractions without calling the code again.
     */
    public RunConfig withTerminateOnError(boolean terminate) {
        return new RunConfig(persistence, handleSignals, terminate, meterRegistry, monitoringAddress, progress, progressIntervalMs, workers);
    }

    /**
     * Registers the run's metrics ({@code tideway.*}: sources, operators, sinks, commits, recovery;
     * see the README's "Running in production") in the application's registry, as a library
     * instrumented with Micrometer does. The meters are removed from it when the run ends. With a
     * monitoring port as well, they are registered in both.
     */
    public RunConfig withMeterRegistry(MeterRegistry registry) {
        return new RunConfig(persistence, handleSignals, terminateOnError, Objects.requireNonNull(registry, "registry"),
                monitoringAddress, progress, progressIntervalMs, workers);
    }

    /**
     * Serves, while the run lasts, on every interface at {@code port} (0: a free port, logged): the
     * metrics in Prometheus' text format on {@code /metrics}, {@code /health/live} and
     * {@code /health/ready} for Kubernetes probes ({@code /health} answers both), and a status page
     * on {@code /} (the operators with their rows and state, recent commits, the sources' lag and the
     * last errors). Needs the artifact {@code dev.tideway:tideway-monitoring} on the class path. The
     * status page shows the values of rows in errors: keep the port off public networks, or bind it to
     * loopback with {@link #withMonitoringAddress}.
     *
     * @throws IllegalArgumentException if {@code port} is not in 0..65535
     */
    public RunConfig withMonitoringPort(int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("monitoring port " + port + " is not a TCP port (0 to 65535; 0 takes a free one)");
        }
        return withMonitoringAddress(new InetSocketAddress(port));
    }

    /** As {@link #withMonitoringPort}, on one address, such as {@code new InetSocketAddress("127.0.0.1", 9464)}. */
    public RunConfig withMonitoringAddress(InetSocketAddress address) {
        return new RunConfig(persistence, handleSignals, terminateOnError, meterRegistry, Objects.requireNonNull(address, "address"),
                progress, progressIntervalMs, workers);
    }

    /**
     * Whether the run tells its progress on standard error (the default, as Pathway's monitoring
     * dashboard): a static run the units and bytes read of the total, rows a second and the time left,
     * on a line that keeps changing on a terminal ({@code System.console() != null}) and as a log line
     * every interval otherwise, and a summary when it ends; a streaming run one log line an interval
     * (rows in and out, commits, lag). {@code false} keeps it quiet (the samples' {@code --quiet}).
     */
    public RunConfig withProgress(boolean show) {
        return new RunConfig(persistence, handleSignals, terminateOnError, meterRegistry, monitoringAddress, show, progressIntervalMs, workers);
    }

    /**
     * The time between progress log lines and streaming summaries, in milliseconds (default
     * {@value #DEFAULT_PROGRESS_INTERVAL_MS}); a terminal's live line changes every second or at this
     * interval, whichever is shorter.
     *
     * @throws IllegalArgumentException if {@code intervalMs} is not positive
     */
    public RunConfig withProgressIntervalMs(long intervalMs) {
        if (intervalMs <= 0) {
            throw new IllegalArgumentException("the progress interval must be positive, not " + intervalMs + " ms");
        }
        return new RunConfig(persistence, handleSignals, terminateOnError, meterRegistry, monitoringAddress, progress, intervalMs, workers);
    }

    /**
     * Runs the pipeline on {@code workers} threads (default 1), as Pathway's workers and Flink's
     * parallel subtasks: each worker reads its share of every file source's files (by a hash of the
     * file's name), runs its copy of the stateless operators on them, and owns a partition of every
     * keyed operator's state (group-by groups, join keys, row keys of concat, update, deduplicate and
     * sort instances, by key hash); rows go to the worker owning their key in batches between the
     * workers, with bounded queues (a fast worker waits for a slow one between the files it reads, so
     * what waits is at most about one file's rows per worker). Sinks, operators that must see
     * all rows (event-time operators and what feeds their watermarks, {@code ix} lookups, asynchronous
     * selects) and sources that cannot be split (a primary key, a test or push input, Kafka: only file
     * and S3 sources, {@link dev.tideway.spi.UnitShares}, are split) run on worker 0. Every worker finishes a batch before its output is written and committed: the result,
     * consolidated, is the same as with one worker; within one batch, the order of the output lines
     * may differ, as may what depends on the order rows arrive in (a deduplicate's acceptor, the
     * {@code earliest}, {@code latest} and {@code tuple} reducers) when a batch holds several
     * candidates from different workers. A group-by, join, deduplicate or sort whose key comes from a
     * non-deterministic function runs on worker 0 (a row's key must be the same where it is routed and
     * where it is held). On bad input a difference remains: a row key live in two sort instances held
     * by different workers is not seen as a clash.
     *
     * <p><b>Thread safety</b>: with more than one worker, the user's functions (lambdas of
     * {@code map}, {@code select}, {@code filter}, UDFs, reducers' aggregators, bad-row callbacks) are
     * called from several threads at once and must be thread-safe; functions without shared mutable
     * state are.
     *
     * <p><b>Default</b>: 1, as Pathway's and Kafka Streams'. Measured on 2 cores, one worker is faster
     * on small inputs (100,000 words: 37 ms against 53 ms) and 2 are faster from about a million rows
     * (1.3x at 1M words, 1.85x at 20M); and more than one needs thread-safe user functions, which a
     * default must not assume. More workers than cores take turns on the cores.
     *
     * <pre>{@code
     * Tideway.run(RunConfig.defaults().withWorkers(Runtime.getRuntime().availableProcessors()));
     * }</pre>
     *
     * <p><b>Persistence</b>: the state a run with workers commits is the one a single worker would
     * commit (each operator's copies are written as one snapshot; each source's shares as one source),
     * and its metadata names every worker's positions. So the number of workers may change between
     * runs of one state, freely (unlike Pathway, where it is fixed for a persisted state): a run
     * restores the state on one thread, then splits it among its workers by key and by file. After a
     * crash, file sinks are written exactly once as with one worker.
     *
     * <p>In this version a pipeline that reads its error log runs on one worker: {@code Tideway.run}
     * refuses more with an {@link IllegalArgumentException}.
     *
     * @throws IllegalArgumentException if {@code workers} is less than 1
     */
    public RunConfig withWorkers(int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("a run has at least one worker, not " + workers);
        }
        return new RunConfig(persistence, handleSignals, terminateOnError, meterRegistry, monitoringAddress, progress, progressIntervalMs,
                workers);
    }

    /** The number of worker threads the run computes on (1 unless {@link #withWorkers} said otherwise). */
    public int workers() {
        return workers;
    }

    /** The persistence of the run; empty for a run that persists nothing. */
    public Optional<PersistenceConfig> persistence() {
        return Optional.ofNullable(persistence);
    }

    public boolean handleSignals() {
        return handleSignals;
    }

    /** Whether a failing row stops the run (the default) rather than going to the error log. */
    public boolean terminateOnError() {
        return terminateOnError;
    }

    /** The application's meter registry, or null. */
    public MeterRegistry meterRegistry() {
        return meterRegistry;
    }

    /** Where the monitoring endpoint listens, or null for none. */
    public InetSocketAddress monitoringAddress() {
        return monitoringAddress;
    }

    /** Whether progress is shown on standard error. */
    public boolean progress() {
        return progress;
    }

    /** The time between progress log lines, in milliseconds. */
    public long progressIntervalMs() {
        return progressIntervalMs;
    }
}
