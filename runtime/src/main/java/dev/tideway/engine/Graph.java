package dev.tideway.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The dataflow a pipeline builds: its nodes in creation order, its sources and its sinks.
 *
 * <p>Like Pathway's, the graph being built is implicit: connectors and operators add to the graph
 * of the current thread, and {@code Tideway.run} runs it and starts a new one.
 */
public final class Graph {
    private static final ThreadLocal<Graph> CURRENT = ThreadLocal.withInitial(Graph::new);

    private final List<Node> nodes = new ArrayList<>();
    private final List<SourceNode<?>> sources = new ArrayList<>();
    private final List<SinkNode<?>> sinks = new ArrayList<>();
    private final List<UdfCache<?, ?>> udfCaches = new ArrayList<>();
    private long time = -1;
    private boolean running;

    /** The graph that the current thread is building. */
    public static Graph current() {
        return CURRENT.get();
    }

    /** Takes the current thread's graph for a run and starts a new, empty one. */
    public static Graph detachCurrent() {
        Graph graph = CURRENT.get();
        CURRENT.remove();
        return graph;
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

    public List<Node> nodes() {
        return Collections.unmodifiableList(nodes);
    }

    public List<SourceNode<?>> sources() {
        return Collections.unmodifiableList(sources);
    }

    public List<SinkNode<?>> sinks() {
        return Collections.unmodifiableList(sinks);
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

    public List<UdfCache<?, ?>> udfCaches() {
        return Collections.unmodifiableList(udfCaches);
    }

    /** The logical time being computed, or the last one computed. */
    public long time() {
        return time;
    }

    void markRunning() {
        running = true;
    }

    /** Starts a logical time; it must be greater than every time before it. */
    public void beginTime(long newTime) {
        if (newTime <= time) {
            throw new IllegalStateException("time " + newTime + " does not advance past " + time);
        }
        time = newTime;
    }

    /** Ends the current logical time: every node flushes, in topological order. */
    public void flush() {
        for (Node node : nodes) {
            node.flush(time);
            node.deliver();
        }
    }

    /** Tells every node that the run is over. */
    public void end() {
        for (Node node : nodes) {
            node.end();
        }
    }
}
