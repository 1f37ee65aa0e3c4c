package dev.tideway.internal.engine.workers;

import dev.tideway.internal.engine.BatchComputation;
import dev.tideway.internal.engine.ErrorLogNode;
import dev.tideway.internal.engine.Graph;
import dev.tideway.internal.engine.KeyedState;
import dev.tideway.internal.engine.Node;
import dev.tideway.internal.engine.NodeDriver;
import dev.tideway.internal.engine.Partitioned;
import dev.tideway.internal.engine.Replicable;
import dev.tideway.internal.engine.SourceNode;
import dev.tideway.internal.engine.Stateful;
import dev.tideway.internal.engine.time.WatermarkNode;
import dev.tideway.schema.BinaryReader;
import dev.tideway.schema.BinaryWriter;
import dev.tideway.spi.InputConnector;
import dev.tideway.spi.UnitShares;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Phaser;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pipeline run on several worker threads (see docs/ARCHITECTURE.md, "Workers"). The graph the user
 * built stays worker 0's graph for the nodes that run once; every node that can run as copies
 * ({@link Replicable}, and sources whose connector reads {@linkplain UnitShares shares of units})
 * gets a copy on each worker, in a graph of that worker's own, and its original is muted. Where a
 * change must reach another worker, an {@link Exchange} carries it in batches.
 *
 * <p>The run loop's thread coordinates: for each logical time it hands every worker the time and the
 * due sources, and returns once all of them have ended the time (so sinks, which run on worker 0,
 * have written it, and the commit that follows covers every worker). A failure on any worker stops
 * all of them and is thrown by {@link #compute}.
 */
public final class Workers implements BatchComputation {
    private static final Logger LOG = LoggerFactory.getLogger(Workers.class);

    private final Graph graph;
    private final int size;
    private final Worker[] workers;
    private final Channel[][] channels;
    private final List<Exchange> exchanges = new ArrayList<>();
    private final List<SourceNode<?>> polled = new ArrayList<>();
    private final Phaser phaser;
    /**
     * The cores the workers compute on at once: a worker holds one while it computes and leaves it
     * while it waits, so that more workers than cores take turns (each running until it waits)
     * instead of being time-sliced by the operating system in the middle of their batches.
     */
    private final Semaphore cores;
    private volatile Task task;
    private volatile Throwable failure;
    private boolean closed;

    private record Task(long time, List<Integer> due, long nowMillis, boolean stop) {}

    /** A failure elsewhere: this worker stops where it is. */
    private static final class Stopped extends RuntimeException {
        Stopped() {
            super(null, null, false, false);
        }
    }

    private Workers(Graph graph, int size) {
        this.graph = graph;
        this.size = size;
        this.workers = new Worker[size];
        this.channels = new Channel[size][size];
        for (int from = 0; from < size; from++) {
            workers[from] = new Worker(from, this);
            for (int to = 0; to < size; to++) {
                channels[from][to] = new Channel();
            }
        }
        this.phaser = new Phaser(size + 1);
        this.cores = new Semaphore(Math.min(size, Runtime.getRuntime().availableProcessors()));
    }

    /**
     * Checks that {@code graph} can run on {@code size} workers in this version.
     *
     * @throws IllegalArgumentException if it reads its error log (each worker's operators report their own errors)
     */
    public static void check(Graph graph, int size) {
        if (size < 2) {
            return;
        }
        for (Node node : graph.nodes()) {
            if (node instanceof ErrorLogNode) {
                throw new IllegalArgumentException("the pipeline reads its error log (Tideway.errorLog, Pipeline.errorLog), which"
                        + " runs on one worker for now: run it with RunConfig.withWorkers(1), or remove the error log");
            }
        }
    }

    /** Builds the workers' graphs for {@code graph} (whose sources have their persistent ids) and starts their threads. */
    public static Workers start(Graph graph, int size) {
        if (size < 2) {
            throw new IllegalArgumentException("workers run a pipeline on 2 or more threads, not " + size);
        }
        Workers running = new Workers(graph, size);
        // the run started (and recovered) already: the exchanges' ends join the graph now
        graph.extendBeforeFirstBatch(running::build);
        running.startThreads();
        return running;
    }

    int size() {
        return size;
    }

    Worker worker(int id) {
        return workers[id];
    }

    /** The cores the workers take turns on. */
    Semaphore cores() {
        return cores;
    }

    Channel channel(int from, int to) {
        return channels[from][to];
    }

    List<Exchange> exchanges() {
        return exchanges;
    }

    /** Throws (on a worker) if another worker failed. */
    void checkRunning() {
        if (failure != null) {
            throw new Stopped();
        }
    }

    // ---- building ----

    private void build() {
        List<Node> nodes = List.copyOf(graph.nodes());
        Set<Node> once = runOnce(nodes);
        Map<Node, Node[]> copies = new HashMap<>();
        Map<Node, List<Exchange>> into = new HashMap<>();
        Map<Node, List<Exchange>> outOf = new HashMap<>();
        List<Graph> graphs = new ArrayList<>();
        for (int w = 0; w < size; w++) {
            Graph own = new Graph();
            own.terminateOnError(graph.terminateOnError());
            own.errorReporter(graph.errorReporter());
            graphs.add(own);
            workers[w].addGraph(own);
        }
        workers[0].addGraph(graph);
        for (Node node : nodes) {
            boolean everywhere = !once.contains(node);
            Node[] instances = new Node[size];
            copies.put(node, instances);
            List<Exchange> exchangesIn = new ArrayList<>();
            List<List<Node>> inputs = new ArrayList<>();
            for (int w = 0; w < size; w++) {
                inputs.add(new ArrayList<>());
            }
            for (int port = 0; port < node.inputs().size(); port++) {
                Node input = node.inputs().get(port);
                boolean inputEverywhere = !once.contains(input);
                Exchange.Route route = null;
                if (everywhere) {
                    route = node instanceof Partitioned partitioned && partitioned.partitions() ? Exchange.Route.PARTITION
                            : inputEverywhere ? null : Exchange.Route.SPREAD;
                } else if (inputEverywhere) {
                    route = Exchange.Route.GATHER;
                }
                Exchange exchange = route == null ? null : new Exchange(exchanges.size(), route, input, node, port, inputEverywhere, size);
                if (exchange != null) {
                    exchanges.add(exchange);
                    exchangesIn.add(exchange);
                    outOf.computeIfAbsent(input, key -> new ArrayList<>()).add(exchange);
                }
                for (int w = 0; w < size; w++) {
                    if (everywhere) {
                        inputs.get(w).add(exchange != null ? new ExchangeInput(graphs.get(w)) : copies.get(input)[w]);
                    }
                }
            }
            into.put(node, exchangesIn);
            if (everywhere) {
                for (int w = 0; w < size; w++) {
                    instances[w] = copyOf(node, graphs.get(w), inputs.get(w), w);
                }
                handOverState(node, instances);
                node.mute(true);
            } else {
                instances[0] = node;
            }
            for (Exchange exchange : exchangesIn) {
                for (int w = 0; w < size; w++) {
                    exchange.targets[w] = instances[w];
                }
            }
        }
        // the sending ends, on every worker that runs the producer
        Map<Exchange, ExchangeOutput[]> outputs = new HashMap<>();
        Map<Exchange, Node> consumers = new HashMap<>();
        for (Node node : nodes) {
            for (Exchange exchange : into.get(node)) {
                consumers.put(exchange, node);
            }
        }
        for (Exchange exchange : exchanges) {
            Node producer = producerOf(exchange, nodes, into);
            Set<Node> upstream = new HashSet<>();
            addUpstream(producer, upstream);
            boolean[] receivable = new boolean[exchanges.size()];
            for (Exchange other : exchanges) {
                receivable[other.id] = !upstream.contains(consumers.get(other));
            }
            ExchangeOutput[] ends = new ExchangeOutput[size];
            for (int w = 0; w < size; w++) {
                Node instance = copies.get(producer)[w];
                if (instance != null) {
                    Graph on = instance == producer ? graph : graphs.get(w);
                    ends[w] = new ExchangeOutput(on, instance, exchange, workers[w], receivable);
                }
            }
            outputs.put(exchange, ends);
        }
        steps(nodes, copies, into, outOf, outputs);
        sources(nodes, copies);
    }

    private static Node producerOf(Exchange exchange, List<Node> nodes, Map<Node, List<Exchange>> into) {
        for (Node node : nodes) {
            if (into.get(node).contains(exchange)) {
                return node.inputs().get(exchange.port);
            }
        }
        throw new IllegalStateException("no consumer for " + exchange);
    }

    /** In the pipeline's order, each worker's steps: await the exchanges into a node, flush it, end the exchanges out of it. */
    private void steps(List<Node> nodes, Map<Node, Node[]> copies, Map<Node, List<Exchange>> into, Map<Node, List<Exchange>> outOf,
                       Map<Exchange, ExchangeOutput[]> outputs) {
        for (int w = 0; w < size; w++) {
            Worker worker = workers[w];
            for (Node node : nodes) {
                Node instance = copies.get(node)[w];
                if (instance == null) {
                    continue;
                }
                for (Exchange exchange : into.get(node)) {
                    worker.addStep(on -> on.awaitEnd(exchange));
                }
                worker.addStep(on -> NodeDriver.flush(instance, on.graphs().get(0).time()));
                for (Exchange exchange : outOf.getOrDefault(node, List.of())) {
                    ExchangeOutput output = outputs.get(exchange)[w];
                    worker.addStep(on -> output.endTime());
                }
            }
        }
    }

    private void sources(List<Node> nodes, Map<Node, Node[]> copies) {
        for (int w = 0; w < size; w++) {
            SourceNode<?>[] polledHere = new SourceNode<?>[graph.sources().size()];
            for (int s = 0; s < polledHere.length; s++) {
                polledHere[s] = (SourceNode<?>) copies.get(graph.sources().get(s))[w];
            }
            workers[w].sources(polledHere);
        }
        for (int s = 0; s < graph.sources().size(); s++) {
            polled.add(workers[0].source(s));
        }
    }

    /**
     * The nodes that run once, on worker 0: those that cannot be copied, sources that cannot be
     * split by unit or have a primary key (a key's rows may come from any unit), and, for event-time
     * operators, everything up to and between their watermarks (an event-time operator reads a
     * watermark's state as its rows pass, so the rows must pass in one thread, in the order one
     * worker gives them).
     */
    private static Set<Node> runOnce(List<Node> nodes) {
        Set<Node> once = new HashSet<>();
        for (Node node : nodes) {
            if (node instanceof SourceNode<?> source) {
                if (!(source.connector() instanceof UnitShares<?>) || source.schema().hasPrimaryKey()) {
                    once.add(node);
                }
            } else if (!(node instanceof Replicable replicable) || !replicable.replicable()) {
                once.add(node);
            }
        }
        for (Node node : nodes) {
            if (node instanceof WatermarkNode) {
                addUpstream(node, once);
            }
            if (once.contains(node) && node.getClass().getPackageName().endsWith(".engine.time")) {
                for (Node input : node.inputs()) {
                    if (reachesWatermark(input)) {
                        addUpstream(input, once);
                    }
                }
            }
        }
        return once;
    }

    private static void addUpstream(Node node, Set<Node> once) {
        once.add(node);
        for (Node input : node.inputs()) {
            addUpstream(input, once);
        }
    }

    private static boolean reachesWatermark(Node node) {
        if (node instanceof WatermarkNode) {
            return true;
        }
        for (Node input : node.inputs()) {
            if (reachesWatermark(input)) {
                return true;
            }
        }
        return false;
    }

    private Node copyOf(Node node, Graph on, List<Node> inputs, int w) {
        Node copy = node instanceof SourceNode<?> source ? shareOf(source, on, w) : ((Replicable) node).replicate(on, inputs);
        copy.name(node.name());
        return copy;
    }

    /** Worker {@code w}'s copy of {@code source}: it reads the units of share {@code w}, and takes over those the source holds. */
    private <T> SourceNode<T> shareOf(SourceNode<T> source, Graph on, int w) {
        @SuppressWarnings("unchecked")
        InputConnector<T> share = ((UnitShares<T>) source.connector()).share(w, size);
        return source.share(on, new SafePointConnector<>(share, workers[w]), unit -> UnitShares.shareOf(unit, size) == w);
    }

    /**
     * Moves what {@code node} holds (restored by recovery, on the run's thread) to its copies, each
     * taking the keys it owns ({@link KeyGroups}) or the units of its share, and makes the node stand
     * for them: its snapshots are then theirs, written as one. The state's layout does not depend on
     * the number of workers, so the state of any earlier run, with any number of workers, splits here.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private void handOverState(Node node, Node[] instances) {
        if (node instanceof SourceNode source) {
            source.readBy(List.of(instances));
            return;
        }
        if (!(node instanceof KeyedState keyed) || !keyed.hasState()) {
            if (node instanceof Stateful stateful && stateful.hasState()) {
                // its copies' state could be neither written as one nor split again
                throw new IllegalStateException(node + " holds state but is not a KeyedState: it cannot run as copies");
            }
            node.replicatedAs(List.of(instances));
            return;
        }
        BinaryWriter out = new BinaryWriter(1 << 12);
        keyed.snapshot(out);
        byte[] state = out.toByteArray();
        for (int w = 0; w < size; w++) {
            int owner = w;
            ((KeyedState) instances[w]).restore(new BinaryReader(state), key -> KeyGroups.worker(key, size) == owner);
        }
        // the node itself no longer holds anything: its copies do
        keyed.restore(new BinaryReader(state), key -> false);
        node.replicatedAs(List.of(instances));
    }

    // ---- running ----

    private void startThreads() {
        for (Worker worker : workers) {
            Thread thread = new Thread(() -> loop(worker), "tideway-worker-" + worker.id());
            thread.setDaemon(true);
            worker.thread(thread);
        }
        for (Worker worker : workers) {
            worker.thread().start();
        }
    }

    private void loop(Worker worker) {
        while (true) {
            phaser.arriveAndAwaitAdvance();
            Task current = task;
            if (current.stop()) {
                phaser.arriveAndDeregister();
                return;
            }
            cores.acquireUninterruptibly();
            try {
                worker.compute(current.time(), current.due(), current.nowMillis());
            } catch (Stopped stopped) {
                // another worker failed first; its failure is the run's
            } catch (Throwable e) {
                fail(e);
            } finally {
                cores.release();
            }
            phaser.arriveAndAwaitAdvance();
        }
    }

    private synchronized void fail(Throwable e) {
        if (failure == null) {
            failure = e;
            for (Worker worker : workers) {
                LockSupport.unpark(worker.thread());
            }
        }
    }

    @Override
    public List<SourceNode<?>> polledSources() {
        return polled;
    }

    @Override
    public void compute(long time, List<Integer> due, long nowMillis) throws IOException, InterruptedException {
        if (failure != null) {
            throw new IllegalStateException("the workers stopped at an earlier failure", failure);
        }
        task = new Task(time, List.copyOf(due), nowMillis, false);
        phaser.arriveAndAwaitAdvance();
        phaser.arriveAndAwaitAdvance();
        Throwable failed = failure;
        if (failed instanceof IOException e) {
            throw e;
        }
        if (failed instanceof UncheckedIOException e) {
            throw e;
        }
        if (failed instanceof RuntimeException e) {
            throw e;
        }
        if (failed instanceof Error e) {
            throw e;
        }
        if (failed != null) {
            throw new IllegalStateException("a worker failed", failed);
        }
    }

    @Override
    public void end() {
        for (int w = 0; w < size; w++) {
            for (Graph own : workers[w].graphs()) {
                own.end();
            }
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        task = new Task(0, List.of(), 0, true);
        phaser.arriveAndDeregister();
        boolean interrupted = false;
        for (Worker worker : workers) {
            try {
                worker.thread().join(10_000);
            } catch (InterruptedException e) {
                interrupted = true;
            }
            if (worker.thread().isAlive()) {
                LOG.warn("worker {} did not stop within 10 s of the run's end (a user function still running?); leaving it",
                        worker.id());
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
