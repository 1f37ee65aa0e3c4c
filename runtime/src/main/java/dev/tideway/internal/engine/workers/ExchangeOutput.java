package dev.tideway.internal.engine.workers;

import dev.tideway.internal.engine.Changes;
import dev.tideway.internal.engine.Graph;
import dev.tideway.internal.engine.Node;
import dev.tideway.internal.engine.NodeDriver;
import dev.tideway.internal.engine.ops.GroupByNode;
import dev.tideway.internal.engine.ops.GroupCombiner;

/**
 * The sending end of an {@link Exchange} on one worker: a consumer of the producer's copy there,
 * which buffers each change for the worker that receives it and sends a buffer once it holds a
 * {@linkplain Batch#SIZE batch}, with each change's partition key where it routes by the consumer's
 * (so the consumer does not hash the row again). Changes that stay on this worker are pushed into the consumer's copy
 * here, a batch at a time, without a queue. Sending never blocks: backpressure waits at the worker's
 * safe points, where no node is in the middle of a push.
 *
 * <p>Where the consumer is a group-by whose reducers merge, a {@link GroupCombiner} folds the changes
 * of a time into one partial aggregate per group, and those are sent instead (at the end of the time,
 * or when it holds {@link GroupCombiner#LIMIT} groups); only changes it cannot fold go as rows.
 */
final class ExchangeOutput extends Node {
    private final Exchange exchange;
    private final Worker worker;
    private final Batch[] pending;
    private final boolean byPartitionKey;
    /** The exchanges this worker may receive on while in the middle of this push: see {@link Worker#receiveWhilePushing}. */
    private final boolean[] receivable;
    /** Folds the changes into partial aggregates per group, where the consumer is a group-by that merges them; else null. */
    private final GroupCombiner combiner;

    ExchangeOutput(Graph graph, Node producer, Exchange exchange, Worker worker, boolean[] receivable) {
        super(graph, "exchange", producer);
        this.exchange = exchange;
        this.worker = worker;
        this.receivable = receivable;
        this.byPartitionKey = exchange.byPartitionKey();
        this.combiner = byPartitionKey && exchange.targets[worker.id()] instanceof GroupByNode groupBy ? groupBy.combiner() : null;
        this.pending = new Batch[exchange.targets.length];
        for (int w = 0; w < pending.length; w++) {
            pending[w] = new Batch();
            pending[w].reset(byPartitionKey);
        }
    }

    @Override
    protected void push(int port, Changes changes) {
        int from = worker.id();
        for (int i = 0; i < changes.size(); i++) {
            long key = changes.key(i);
            Object row = changes.row(i);
            if (combiner != null && combiner.add(key, row, changes.diff(i))) {
                if (combiner.size() >= GroupCombiner.LIMIT) {
                    sendPartials();
                }
                continue;
            }
            long routingKey = key;
            boolean known = true;
            if (byPartitionKey) {
                try {
                    routingKey = exchange.partitionKey(from, key, row);
                } catch (RuntimeException e) {
                    // the user's expression fails on this row: any copy fails on it alike, and reports it as one worker would
                    routingKey = 0;
                    known = false;
                }
            }
            int to = known ? exchange.destination(routingKey) : 0;
            Batch batch = pending[to];
            batch.add(key, row, changes.diff(i), routingKey);
            if (!known) {
                batch.partitioned = false;
            }
            if (batch.isFull()) {
                send(to);
            }
        }
    }

    /** Sends the combiner's partial aggregates, each to the worker owning its group, as changes of weight 1. */
    private void sendPartials() {
        combiner.drain((groupKey, partial) -> {
            int to = exchange.destination(groupKey);
            Batch batch = pending[to];
            batch.add(groupKey, partial, 1, groupKey);
            if (batch.isFull()) {
                send(to);
            }
        });
    }

    private void send(int to) {
        if (to == worker.id()) {
            Batch batch = pending[to];
            NodeDriver.push(exchange.targets[to], exchange.port, batch.changes, batch.knownPartitionKeys());
            batch.reset(byPartitionKey);
        } else {
            pending[to] = worker.send(to, exchange.id, pending[to]);
            pending[to].reset(byPartitionKey);
            worker.receiveWhilePushing(receivable);
        }
    }

    /** Ends the current logical time on this exchange: sends what is buffered, then the end, to every receiving worker. */
    void endTime() {
        if (combiner != null) {
            sendPartials();
        }
        int receivers = exchange.toAll() ? pending.length : 1;
        for (int to = 0; to < receivers; to++) {
            if (!pending[to].changes.isEmpty()) {
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
