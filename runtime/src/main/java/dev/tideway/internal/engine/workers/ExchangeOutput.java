package dev.tideway.internal.engine.workers;

import dev.tideway.internal.engine.Changes;
import dev.tideway.internal.engine.Graph;
import dev.tideway.internal.engine.Node;
import dev.tideway.internal.engine.NodeDriver;

/**
 * The sending end of an {@link Exchange} on one worker: a consumer of the producer's copy there,
 * which buffers each change for the worker that receives it and sends a buffer once it holds a
 * {@linkplain Batch#SIZE batch}. Changes that stay on this worker are pushed into the consumer's copy
 * here, a batch at a time, without a queue. Sending never blocks: backpressure waits at the worker's
 * safe points, where no node is in the middle of a push.
 */
final class ExchangeOutput extends Node {
    private final Exchange exchange;
    private final Worker worker;
    private final Changes[] buffers;
    /** The exchanges this worker may receive on while in the middle of this push: see {@link Worker#receiveWhilePushing}. */
    private final boolean[] receivable;

    ExchangeOutput(Graph graph, Node producer, Exchange exchange, Worker worker, boolean[] receivable) {
        super(graph, "exchange", producer);
        this.exchange = exchange;
        this.worker = worker;
        this.receivable = receivable;
        this.buffers = new Changes[exchange.targets.length];
        for (int w = 0; w < buffers.length; w++) {
            buffers[w] = new Changes(Batch.SIZE);
        }
    }

    @Override
    protected void push(int port, Changes changes) {
        int from = worker.id();
        for (int i = 0; i < changes.size(); i++) {
            long key = changes.key(i);
            Object row = changes.row(i);
            int to = exchange.destination(from, key, row);
            Changes buffer = buffers[to];
            buffer.add(key, row, changes.diff(i));
            if (buffer.size() >= Batch.SIZE) {
                send(to);
            }
        }
    }

    private void send(int to) {
        if (to == worker.id()) {
            NodeDriver.push(exchange.targets[to], exchange.port, buffers[to]);
            buffers[to].clear();
        } else {
            buffers[to] = worker.send(to, exchange.id, buffers[to]);
            worker.receiveWhilePushing(receivable);
        }
    }

    /** Ends the current logical time on this exchange: sends what is buffered, then the end, to every receiving worker. */
    void endTime() {
        int receivers = exchange.toAll() ? buffers.length : 1;
        for (int to = 0; to < receivers; to++) {
            if (!buffers[to].isEmpty()) {
                send(to);
            }
            worker.sendEnd(to, exchange.id);
        }
    }

    @Override
    public String toString() {
        return "exchange " + exchange + " on worker " + worker.id();
    }
}
