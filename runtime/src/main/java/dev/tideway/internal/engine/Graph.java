package dev.tideway.internal.engine;

import dev.tideway.spi.OutputConnector;
import dev.tideway.ErrorLogEntry;
import dev.tideway.UserFunctionException;
import dev.tideway.schema.RowSchema;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The dataflow a pipeline builds: its nodes in creation order, its sources and its sinks.
 *
 * <p>Like Pathway's, the graph being built is implicit: connectors and operators add to the graph
 * of the current thread, and {@code Tideway.run} runs it and starts a new one. A {@code Pipeline}
 * makes its own graph the current one while it is built ({@link #enter}, {@link #leave}).
 */
public final class Graph {
    private static final ThreadLocal<Graph> CURRENT = new ThreadLocal<>();

    private final List<Node> nodes = new ArrayList<>();
    private final List<SourceNode<?>> sources = new ArrayList<>();
    private final List<SinkNode<?>> sinks = new ArrayList<>();
    private final List<UdfCache<?, ?>> udfCaches = new ArrayList<>();
    private final Map<SourceNode<?>, PersistentSourceCall> unboundSources = new LinkedHashMap<>();
    private final Map<Node, List<RowSchema<?>>> outputRows = new HashMap<>();
    private long time = -1;
    private boolean running;
    private boolean terminateOnError = true;
    private ErrorLogNode errorLog;
    private ErrorReporter errorReporter = ErrorReporter.NONE;
    private final WithheldRowLog withheldRowLog = new WithheldRowLog();
    /** The nodes in the order they flush, computed at the first flush (see {@link #flushOrder()}). */
    private List<Node> flushOrder;
    private int originLookups;

    /** The graph that the current thread is building; a new one if there is none. */
    public static Graph current() {
        Graph graph = CURRENT.get();
        if (graph == null) {
            graph = new Graph();
            CURRENT.set(graph);
        }
        return graph;
    }

    /** Takes the current thread's graph for a run and starts a new, empty one. */
    public static Graph detachCurrent() {
        Graph graph = current();
        CURRENT.remove();
        return graph;
    }

    /** Makes {@code graph} the one the current thread builds; returns the one it replaces, or null. */
    public static Graph enter(Graph graph) {
        Graph previous = CURRENT.get();
        CURRENT.set(graph);
        return previous;
    }

    /**
     * Gives the current thread back the graph {@code graph} replaced: {@code previous}, or a new one
     * when that is null. Does nothing if another graph was entered since and is still current.
     */
    public static void leave(Graph graph, Graph previous) {
        Graph current = CURRENT.get();
        if (current == null || current == graph) {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    /** Whether the graph has nothing in it yet. */
    public boolean isEmpty() {
        return nodes.isEmpty() && udfCaches.isEmpty();
    }

    int add(Node node) {
        if (running) {
            throw new IllegalStateException("the pipeline is running; build tables before Tideway.run");
        }
        nodes.add(node);
        if (node instanceof SourceNode<?> source) {
            sources.add(source);
        }
        if (node instanceof SinkNode<?> sink) {
            sinks.add(sink);
        }
        return nodes.size() - 1;
    }

    /**
     * Checks that a sink about to be added does not write to the output of another.
     *
     * @throws IllegalArgumentException if an exclusive sink of the same name is in the graph
     */
    public void checkOwnOutput(OutputConnector<?> connector) {
        if (!connector.exclusive()) {
            return;
        }
        for (SinkNode<?> other : sinks) {
            if (!other.connector().name().equals(connector.name()) && other.connector().persistentName().equals(connector.persistentName())) {
                throw new IllegalArgumentException("two sinks of this pipeline, " + other.connector().name() + " and " + connector.name()
                        + ", have the persistent id " + connector.persistentName() + "; give each its own");
            }
            if (other.connector().exclusive() && other.connector().name().equals(connector.name())) {
                throw new IllegalArgumentException("two sinks of this pipeline write to " + connector.name()
                        + ", and would write over each other; give each its own output. If an earlier attempt to build and"
                        + " run the pipeline failed before it ran, what it built is still in the pipeline this thread builds:"
                        + " build inside try (Pipeline pipeline = Pipeline.create()) { ... }, which discards it on any failure");
            }
        }
    }

    public List<Node> nodes() {
        return Collections.unmodifiableList(nodes);
    }

    public List<SourceNode<?>> sources() {
        return Collections.unmodifiableList(sources);
    }

    public List<SinkNode<?>> sinks() {
        return Collections.unmodifiableList(sinks);
    }

    /**
     * Records what {@code node} emits: rows of one schema, or {@link JoinedRow}s of two (left, right).
     * Tables and join results record it when they are made, so that a runner that ships changes
     * between processes (Flink) can encode every node's output.
     */
    public void outputRows(Node node, RowSchema<?>... schemas) {
        if (schemas.length < 1 || schemas.length > 2) {
            throw new IllegalArgumentException("a node emits rows of one schema or pairs of two, not " + schemas.length);
        }
        outputRows.putIfAbsent(node, List.of(schemas));
    }

    /** What {@code node} emits (see {@link #outputRows(Node, RowSchema...)}), or an empty list if no table recorded it. */
    public List<RowSchema<?>> outputRowsOf(Node node) {
        return outputRows.getOrDefault(node, List.of());
    }

    /** Registers a caching user function, whose cache persistence keeps across runs. */
    public void register(UdfCache<?, ?> cache) {
        for (UdfCache<?, ?> other : udfCaches) {
            if (other.name().equals(cache.name())) {
                throw new IllegalArgumentException("two caching UDFs are named \"" + cache.name() + "\"; give each its own name");
            }
        }
        udfCaches.add(cache);
    }

    /** Records that a source was created by a {@code @PersistentSource} method its binding did not wrap. */
    public void unboundSource(SourceNode<?> source, PersistentSourceCall call) {
        unboundSources.put(source, call);
    }

    /** The sources created by {@code @PersistentSource} methods without their binding, in creation order. */
    public Map<SourceNode<?>, PersistentSourceCall> unboundSources() {
        return Collections.unmodifiableMap(unboundSources);
    }

    public List<UdfCache<?, ?>> udfCaches() {
        return Collections.unmodifiableList(udfCaches);
    }

    /** The logical time being computed, or the last one computed. */
    public long time() {
        return time;
    }

    /**
     * Runs {@code additions}, which may add nodes although the run started: the workers' exchange
     * ends, attached to this graph's nodes after recovery and before the first batch.
     */
    public void extendBeforeFirstBatch(Runnable additions) {
        boolean wasRunning = running;
        running = false;
        try {
            additions.run();
        } finally {
            running = wasRunning;
        }
    }

    void markRunning() {
        if (running) {
            throw new IllegalStateException("this pipeline has already run; a pipeline runs once: build it again to run it again");
        }
        running = true;
    }

    /** Starts a logical time; it must be greater than every time before it. */
    public void beginTime(long newTime) {
        if (newTime <= time) {
            throw new IllegalStateException("time " + newTime + " does not advance past " + time);
        }
        time = newTime;
        originLookups = 0;
    }

    /** Ends the current logical time: every node flushes, in topological order. */
    public void flush() {
        for (Node node : flushOrder()) {
            node.flush(time);
            node.deliver();
        }
    }

    /**
     * The order in which nodes flush: creation order (a node is created after its inputs), except
     * that the error log and what reads it come last, so that the errors every other node reports
     * in a batch reach the error log's readers in that batch.
     */
    private List<Node> flushOrder() {
        if (flushOrder == null || flushOrder.size() != nodes.size()) {
            if (errorLog == null) {
                flushOrder = nodes;
            } else {
                Set<Node> last = new HashSet<>();
                Deque<Node> pending = new ArrayDeque<>(List.of(errorLog));
                while (!pending.isEmpty()) {
                    Node node = pending.pop();
                    if (last.add(node)) {
                        pending.addAll(node.consumers());
                    }
                }
                List<Node> order = new ArrayList<>(nodes.size());
                nodes.stream().filter(node -> !last.contains(node)).forEach(order::add);
                nodes.stream().filter(last::contains).forEach(order::add);
                flushOrder = order;
            }
        }
        return flushOrder;
    }

    /**
     * Whether user code that fails on a row stops the run (true, the default) or the row is withheld
     * and reported to the error log.
     */
    public boolean terminateOnError() {
        return terminateOnError;
    }

    /** Sets what a failing row does: stop the run (true) or be withheld and reported (false). */
    public void terminateOnError(boolean value) {
        this.terminateOnError = value;
    }

    /** Who else hears of each error reported (the run's monitor); {@link ErrorReporter#NONE} by default. */
    public void errorReporter(ErrorReporter reporter) {
        this.errorReporter = reporter;
    }

    /** Who else hears of each error reported: the workers' graphs report to the run's. */
    public ErrorReporter errorReporter() {
        return errorReporter;
    }

    /**
     * The error log of this pipeline: the node whose output is the errors its other nodes report.
     * Created at the first call, so a pipeline that never asks for it has none.
     */
    public ErrorLogNode errorLog() {
        if (errorLog == null) {
            errorLog = new ErrorLogNode(this);
        }
        return errorLog;
    }

    /** Hands an error of {@code node} to the error log (if the pipeline has one) and the run's monitor. */
    void reportError(Node node, UserFunctionException error) {
        ErrorLogEntry entry = ErrorLogNode.entryOf(error, time);
        withheldRowLog.log(entry);
        boolean logged = errorLog != null && errorLog.accept(node, entry);
        errorReporter.reported(node, entry, logged);
    }

    /** Whether a failure may look for its row's origin: at most 100 times a batch (each reads every unit upstream). */
    boolean takeOriginLookup() {
        return terminateOnError || originLookups++ < 100;
    }

    /** Tells every node that the run is over. */
    public void end() {
        for (Node node : nodes) {
            node.end();
        }
    }
}
