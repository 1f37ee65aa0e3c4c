package dev.tideway.internal.engine.workers;

import dev.tideway.internal.engine.Graph;
import dev.tideway.internal.engine.NodeDriver;
import dev.tideway.internal.engine.SourceNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * One worker thread: its copies of the pipeline's nodes, the sources' shares it reads, and the
 * channels it receives on. A logical time runs as: poll the due sources (its shares); then, in the
 * pipeline's order, for every node it runs, wait for the end of the time on each exchange into the
 * node, flush the node, and end the time on each exchange out of it. Everything another worker sends
 * is pushed into the receiving copy at a safe point: between source units, between those steps, and
 * while waiting; there no node is in the middle of a push, so what it receives cannot reenter one.
 */
final class Worker {
    /** What a worker does at one place in the order of a time's end. */
    interface Step {
        void run(Worker worker);
    }

    private final int id;
    private final Workers workers;
    private final List<Graph> graphs = new ArrayList<>();
    private final List<Step> steps = new ArrayList<>();
    /** The source each position of the pipeline's sources polls on this worker, or null. */
    private SourceNode<?>[] sources;
    private int[] ends;
    /** What a receive may take in while one is in progress on this thread (nested in its pushes); null when none is. */
    private boolean[] receivableNow;
    private Thread thread;

    Worker(int id, Workers workers) {
        this.id = id;
        this.workers = workers;
    }

    int id() {
        return id;
    }

    void addGraph(Graph graph) {
        graphs.add(graph);
    }

    List<Graph> graphs() {
        return graphs;
    }

    void addStep(Step step) {
        steps.add(step);
    }

    void sources(SourceNode<?>[] polled) {
        this.sources = polled;
    }

    SourceNode<?> source(int index) {
        return sources[index];
    }

    void thread(Thread value) {
        this.thread = value;
    }

    Thread thread() {
        return thread;
    }

    /** Runs logical time {@code time}: polls the due sources, then ends the time on every node this worker runs. */
    void compute(long time, List<Integer> due, long nowMillis) throws IOException {
        ends = new int[workers.exchanges().size()];
        for (Graph graph : graphs) {
            graph.beginTime(time);
        }
        for (int index : due) {
            SourceNode<?> source = sources[index];
            if (source != null) {
                source.poll(nowMillis);
                safePoint();
            }
        }
        for (Step step : steps) {
            safePoint();
            step.run(this);
        }
    }

    /** Waits until every sender has ended the time on {@code exchange}, pushing in what arrives meanwhile. */
    void awaitEnd(Exchange exchange) {
        while (ends[exchange.id] < exchange.senders()) {
            if (!receive()) {
                pause();
            }
        }
    }

    /**
     * Receives what arrived and, while this worker has too much in flight to another, waits for
     * that worker to read it (receiving meanwhile, so two workers waiting on each other both progress).
     */
    void safePoint() {
        workers.checkRunning();
        receive();
        while (overloaded()) {
            if (!receive()) {
                pause();
            }
        }
    }

    private boolean overloaded() {
        for (int to = 0; to < workers.size(); to++) {
            if (to != id && workers.channel(id, to).inFlight.get() > Channel.LIMIT) {
                return true;
            }
        }
        return false;
    }

    /** Waits for another worker (at most 5 ms), leaving its core to a worker that has work meanwhile. */
    private void pause() {
        workers.checkRunning();
        workers.cores().release();
        try {
            LockSupport.parkNanos(this, 5_000_000);
        } finally {
            workers.cores().acquireUninterruptibly();
        }
        workers.checkRunning();
    }

    /** Pushes every batch that has arrived (that a receive in progress allows) into its exchange's target here; whether there was any. */
    private boolean receive() {
        return receive(receivableNow);
    }

    /**
     * In the middle of a push, at an exchange's sending end: receives the batches of the exchanges
     * {@code receivable} allows (those whose target is not upstream of the node sending, so not in the
     * middle of a push itself), each channel up to its first batch of another exchange (a channel is
     * read in order). Never waits: a worker blocks only at safe points.
     */
    void receiveWhilePushing(boolean[] receivable) {
        workers.checkRunning();
        // a receive nested in another's pushes must not reenter any node on the stack: it takes in
        // only what every enclosing sending end allows
        boolean[] enclosing = receivableNow;
        boolean[] now = receivable;
        if (enclosing != null) {
            now = new boolean[receivable.length];
            for (int i = 0; i < now.length; i++) {
                now[i] = receivable[i] && enclosing[i];
            }
        }
        receivableNow = now;
        try {
            receive(now);
        } finally {
            receivableNow = enclosing;
        }
    }

    private boolean receive(boolean[] receivable) {
        boolean any = false;
        for (int from = 0; from < workers.size(); from++) {
            if (from == id) {
                continue;
            }
            Channel channel = workers.channel(from, id);
            Batch batch;
            while ((batch = channel.sent.peek()) != null) {
                if (receivable != null && !receivable[batch.exchange]) {
                    break;
                }
                channel.sent.poll();
                any = true;
                Exchange exchange = workers.exchanges().get(batch.exchange);
                if (batch.end) {
                    ends[batch.exchange]++;
                } else {
                    NodeDriver.push(exchange.targets[id], exchange.port, batch.changes, batch.knownPartitionKeys());
                    batch.changes.clear();
                }
                channel.returned.offer(batch);
                channel.inFlight.decrementAndGet();
                LockSupport.unpark(workers.worker(from).thread());
            }
        }
        return any;
    }

    /** Sends {@code full} to worker {@code to} on {@code exchange}; returns a batch to fill next (to be reset by the caller). */
    Batch send(int to, int exchange, Batch full) {
        Channel channel = workers.channel(id, to);
        Batch empty = channel.returned.poll();
        if (empty == null) {
            empty = new Batch();
        }
        full.exchange = exchange;
        full.end = false;
        channel.inFlight.incrementAndGet();
        channel.sent.offer(full);
        LockSupport.unpark(workers.worker(to).thread());
        return empty;
    }

    /** Ends the current time on {@code exchange} for worker {@code to}. */
    void sendEnd(int to, int exchange) {
        if (to == id) {
            ends[exchange]++;
            return;
        }
        Channel channel = workers.channel(id, to);
        Batch batch = channel.returned.poll();
        if (batch == null) {
            batch = new Batch();
        }
        batch.exchange = exchange;
        batch.end = true;
        channel.inFlight.incrementAndGet();
        channel.sent.offer(batch);
        LockSupport.unpark(workers.worker(to).thread());
    }
}
