package dev.tideway.internal.engine.monitor;

import dev.tideway.ErrorLogEntry;
import dev.tideway.internal.engine.CheckpointStatistics;
import dev.tideway.internal.engine.ErrorLogNode;
import dev.tideway.internal.engine.ErrorReporter;
import dev.tideway.internal.engine.Graph;
import dev.tideway.internal.engine.Node;
import dev.tideway.internal.engine.SinkNode;
import dev.tideway.internal.engine.SourceNode;
import dev.tideway.internal.engine.Stateful;
import dev.tideway.monitoring.CommitStatus;
import dev.tideway.monitoring.NodeStatus;
import dev.tideway.monitoring.RunStatus;
import dev.tideway.monitoring.RunStatus.Phase;
import dev.tideway.monitoring.SinkStatus;
import dev.tideway.monitoring.SourceStatus;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

/**
 * Watches one run: the run loop tells it where the run is (recovering, each batch and commit, the
 * end) and the nodes report their errors; it keeps the counts of every node as they were after the
 * last batch, the recent commits and the last errors, and makes a {@link RunStatus} of them for the
 * status page, the progress lines and the metrics.
 *
 * <p>Cheap on the hot path: nodes count rows per batch delivered in plain fields; the monitor copies
 * them once per commit into arrays it publishes (a volatile reference), which other threads read.
 * The sources' counters are also kept up to date during a read, per unit.
 *
 * <p>Thread-safe: the run's thread calls the event methods, any thread {@link #status()}.
 */
public final class RunMonitor implements ErrorReporter {
    static final int COMMITS_KEPT = 120;
    static final int ERRORS_KEPT = 20;

    /** What happens to a run, for the meters. */
    interface Listener {
        default void recovered(long nanos, CheckpointStatistics statistics) {}

        default void committed(CommitStatus commit, long snapshotNanos) {}
    }

    /** The nodes' counts after the last commit; arrays by node index (sinks and sources by their own order). */
    private record Counts(long[] rowsIn, long[] rowsOut, long[] errors, long[] stateRows, long[] stateBytes,
                          long[] sinkRows, long[] sinkPositions, long[] caughtUpAt) {}

    private final Graph graph;
    private final List<Node> nodes;
    private final List<SourceNode<?>> sources;
    private final List<SinkNode<?>> sinks;
    private final LongSupplier clock;
    private final long startedAt;
    private final boolean streaming;
    private final boolean persistent;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final ArrayDeque<CommitStatus> commits = new ArrayDeque<>();
    private final ArrayDeque<ErrorLogEntry> errors = new ArrayDeque<>();
    private volatile Phase phase = Phase.STARTING;
    private volatile Counts counts;
    private volatile long commitCount;
    private volatile long errorCount;
    private volatile long committedTime = -1;

    // the run's thread only
    private final long[] polledAt;
    private final long[] caughtUpAt;
    private long rowsReadAtCommit;
    private long rowsWrittenAtCommit;

    /**
     * A monitor of the run of {@code graph}, whose nodes and persistent ids are final; {@code persistent}:
     * whether the run persists its state (so that its operators' state has a size in bytes).
     */
    public RunMonitor(Graph graph, boolean persistent) {
        this(graph, persistent, System::currentTimeMillis);
    }

    RunMonitor(Graph graph, boolean persistent, LongSupplier clock) {
        this.graph = graph;
        this.persistent = persistent;
        this.nodes = List.copyOf(graph.nodes());
        this.sources = List.copyOf(graph.sources());
        this.sinks = List.copyOf(graph.sinks());
        this.clock = clock;
        this.startedAt = clock.getAsLong();
        this.streaming = sources.stream().anyMatch(source -> source.connector().streaming());
        this.polledAt = new long[sources.size()];
        this.caughtUpAt = new long[sources.size()];
        java.util.Arrays.fill(caughtUpAt, startedAt);
        this.counts = count(null);
    }

    /** Whether any source is streaming. */
    public boolean streaming() {
        return streaming;
    }

    /** Whether the run persists its state. */
    boolean persistent() {
        return persistent;
    }

    /** The pipeline watched. */
    Graph graph() {
        return graph;
    }

    void addListener(Listener listener) {
        listeners.add(listener);
    }

    // ---- events, on the run's thread ----

    /** Recovery starts. */
    public void recovering() {
        phase = Phase.RECOVERING;
    }

    /** Recovery is over (it took {@code nanos}); the run reads input from now on. */
    public void recovered(long nanos, CheckpointStatistics statistics) {
        rowsReadAtCommit = rowsRead();
        rowsWrittenAtCommit = rowsWritten();
        counts = count(statistics);
        phase = Phase.RUNNING;
        for (Listener listener : listeners) {
            listener.recovered(nanos, statistics);
        }
    }

    /** A batch polls {@code source} at {@code nowMillis}. */
    public void polling(SourceNode<?> source, long nowMillis) {
        int i = sources.indexOf(source);
        if (i >= 0) {
            polledAt[i] = nowMillis;
        }
    }

    /**
     * The batch at logical time {@code time} was committed; the commit took {@code nanos}. A source
     * polled in it with nothing left to read is caught up as of its poll. A batch that read nothing,
     * wrote nothing and snapshotted nothing (a poll that found no change) counts as no commit.
     */
    public void committed(long time, long nanos, CheckpointStatistics statistics) {
        for (int i = 0; i < sources.size(); i++) {
            if (polledAt[i] != 0 && sources.get(i).counters().unitsPending() == 0) {
                caughtUpAt[i] = polledAt[i];
            }
            polledAt[i] = 0;
        }
        long rows = rowsRead();
        long written = rowsWritten();
        boolean snapshot = statistics != null && statistics.snapshotBytes() > 0;
        if (rows == rowsReadAtCommit && written == rowsWrittenAtCommit && !snapshot) {
            counts = count(statistics);
            return;
        }
        rowsWrittenAtCommit = written;
        CommitStatus commit = new CommitStatus(time, nanos / 1e6, rows - rowsReadAtCommit,
                statistics == null ? 0 : statistics.logBytes(), statistics == null ? 0 : statistics.snapshotBytes());
        rowsReadAtCommit = rows;
        synchronized (commits) {
            commits.addLast(commit);
            if (commits.size() > COMMITS_KEPT) {
                commits.removeFirst();
            }
        }
        counts = count(statistics);
        committedTime = time;
        commitCount = commitCount + 1;
        for (Listener listener : listeners) {
            listener.committed(commit, statistics == null ? 0 : statistics.snapshotNanos());
        }
    }

    /** The run ended normally. */
    public void finished() {
        counts = count(null);
        phase = Phase.FINISHED;
    }

    /** The run ended with an error. */
    public void failed() {
        phase = Phase.FAILED;
    }

    @Override
    public void reported(Node node, ErrorLogEntry entry, boolean logged) {
        synchronized (errors) {
            errors.addLast(entry);
            if (errors.size() > ERRORS_KEPT) {
                errors.removeFirst();
            }
            // workers report at once
            errorCount = errorCount + 1;
        }
    }

    // ---- reading, on any thread ----

    /** Where the run is. */
    public Phase phase() {
        return phase;
    }

    /** The run as it is now. */
    public RunStatus status() {
        Counts now = counts;
        long at = clock.getAsLong();
        List<NodeStatus> nodeStatus = new ArrayList<>(nodes.size());
        for (Node node : nodes) {
            int i = node.index();
            List<Integer> inputs = node.inputs().stream().map(Node::index).toList();
            long rowsOut = now.rowsOut[i];
            if (node instanceof SinkNode<?> sink) {
                rowsOut = now.sinkRows[sinks.indexOf(sink)];
            }
            nodeStatus.add(new NodeStatus(i, role(node), node.kind(), label(node), inputs, now.rowsIn[i], rowsOut,
                    now.stateRows[i], now.stateBytes[i], now.errors[i]));
        }
        List<SourceStatus> sourceStatus = new ArrayList<>(sources.size());
        for (int s = 0; s < sources.size(); s++) {
            SourceNode<?> source = sources.get(s);
            var read = source.counters();
            long lag = source.finished() ? 0 : Math.max(0, at - now.caughtUpAt[s]);
            sourceStatus.add(new SourceStatus(source.persistentId(), source.connector().location(), source.connector().streaming(),
                    source.finished(), read.rowsRead(), read.bytesRead(), read.unitsRead(), read.unitsPending(), read.bytesPending(),
                    source.connector().skippedRows(), lag));
        }
        List<SinkStatus> sinkStatus = new ArrayList<>(sinks.size());
        for (int s = 0; s < sinks.size(); s++) {
            sinkStatus.add(new SinkStatus(sinks.get(s).connector().name(), now.sinkRows[s], now.sinkPositions[s]));
        }
        List<CommitStatus> recentCommits;
        synchronized (commits) {
            recentCommits = List.copyOf(commits);
        }
        List<ErrorLogEntry> lastErrors;
        synchronized (errors) {
            lastErrors = List.copyOf(errors);
        }
        return new RunStatus(phase, streaming, startedAt, at, committedTime, commitCount, errorCount, nodeStatus, sourceStatus,
                sinkStatus, recentCommits, lastErrors);
    }

    /** A node's label: a source's persistent id, a sink's output, an operator's kind and position (and name). */
    static String label(Node node) {
        if (node instanceof SourceNode<?> source) {
            return source.persistentId() != null ? source.persistentId() : node.toString();
        }
        if (node instanceof SinkNode<?> sink) {
            return sink.connector().name();
        }
        return node.name() == null ? node.toString() : node + " \"" + node.name() + "\"";
    }

    static String role(Node node) {
        if (node instanceof SourceNode<?>) {
            return "source";
        }
        if (node instanceof SinkNode<?>) {
            return "sink";
        }
        return node instanceof ErrorLogNode ? "error-log" : "operator";
    }

    // the counts of one node, as published, for the meters (any thread)

    long rowsIn(Node node) {
        return counts.rowsIn[node.index()];
    }

    long rowsOut(Node node) {
        return counts.rowsOut[node.index()];
    }

    long errors(Node node) {
        return counts.errors[node.index()];
    }

    long stateRows(Node node) {
        return counts.stateRows[node.index()];
    }

    long stateBytes(Node node) {
        return counts.stateBytes[node.index()];
    }

    long sinkRows(SinkNode<?> sink) {
        return counts.sinkRows[sinks.indexOf(sink)];
    }

    long sinkPosition(SinkNode<?> sink) {
        return counts.sinkPositions[sinks.indexOf(sink)];
    }

    long lagMs(SourceNode<?> source) {
        int s = sources.indexOf(source);
        return source.finished() ? 0 : Math.max(0, clock.getAsLong() - counts.caughtUpAt[s]);
    }

    long committedTime() {
        return committedTime;
    }

    // ---- the run's thread ----

    private long rowsRead() {
        long rows = 0;
        for (SourceNode<?> source : sources) {
            rows += source.counters().rowsRead();
        }
        return rows;
    }

    private long rowsWritten() {
        long rows = 0;
        for (SinkNode<?> sink : sinks) {
            rows += sink.rowsWritten();
        }
        return rows;
    }

    /** The nodes' counts now; a node's state bytes are the last snapshot's (kept when this commit wrote none). */
    private Counts count(CheckpointStatistics statistics) {
        int n = nodes.size();
        long[] rowsIn = new long[n];
        long[] rowsOut = new long[n];
        long[] errorsOf = new long[n];
        long[] stateRows = new long[n];
        long[] stateBytes = new long[n];
        Counts before = counts;
        for (Node node : nodes) {
            int i = node.index();
            rowsIn[i] = node.rowsIn();
            rowsOut[i] = node.rowsOut();
            errorsOf[i] = node.errors();
            stateRows[i] = node instanceof Stateful stateful && !(node instanceof SourceNode<?>) && stateful.hasState()
                    ? stateful.stateRows() : -1;
            long bytes = statistics == null ? -1 : statistics.stateBytes(node);
            stateBytes[i] = bytes >= 0 ? bytes : before == null ? -1 : before.stateBytes[i];
        }
        long[] sinkRows = new long[sinks.size()];
        long[] sinkPositions = new long[sinks.size()];
        for (int s = 0; s < sinks.size(); s++) {
            sinkRows[s] = sinks.get(s).rowsWritten();
            sinkPositions[s] = sinks.get(s).committedPosition();
        }
        return new Counts(rowsIn, rowsOut, errorsOf, stateRows, stateBytes, sinkRows, sinkPositions, caughtUpAt.clone());
    }
}
