package dev.tideway.internal.engine.workers;

import dev.tideway.internal.engine.Node;
import dev.tideway.internal.engine.Partitioned;

/**
 * One edge of the pipeline across which rows change workers: the output of {@code producer} into
 * port {@code port} of {@code consumer}. Where the consumer runs on every worker, each change goes to
 * the worker owning its key: the consumer's partition key ({@link Route#PARTITION}) or the row key
 * ({@link Route#SPREAD}, a stateless consumer after a node that runs once); where it runs once, every
 * change goes to worker 0 ({@link Route#GATHER}).
 */
final class Exchange {
    enum Route { PARTITION, SPREAD, GATHER }

    final int id;
    final Route route;
    final int port;
    /** Whether the producer runs on every worker (so every worker sends, and ends the time). */
    final boolean fromAll;
    /** The node each worker pushes the changes it receives into: the consumer's copy there (null where it does not run). */
    final Node[] targets;
    final String description;

    Exchange(int id, Route route, Node producer, Node consumer, int port, boolean fromAll, int workers) {
        this.id = id;
        this.route = route;
        this.port = port;
        this.fromAll = fromAll;
        this.targets = new Node[workers];
        this.description = producer + " -> " + consumer + " port " + port + " (" + route.name().toLowerCase(java.util.Locale.ROOT) + ")";
    }

    /** Whether every worker receives (the consumer runs on every worker), or worker 0 only. */
    boolean toAll() {
        return route != Route.GATHER;
    }

    /** How many workers send on this exchange: how many ends of a time a receiver waits for. */
    int senders() {
        return fromAll ? targets.length : 1;
    }

    /** Whether changes go to the worker owning the consumer's partition key (which is then sent with each change). */
    boolean byPartitionKey() {
        return route == Route.PARTITION;
    }

    /**
     * The consumer's partition key of a change, computed on worker {@code from} (whose copy of the
     * consumer it asks); only where {@link #byPartitionKey}.
     *
     * @throws RuntimeException what the consumer's expressions throw on the row
     */
    long partitionKey(int from, long key, Object row) {
        return ((Partitioned) targets[from]).partitionKey(port, key, row);
    }

    /** The worker that receives a change whose routing key (partition key, or row key where spread) is {@code routingKey}. */
    int destination(long routingKey) {
        return route == Route.GATHER ? 0 : KeyGroups.worker(routingKey, targets.length);
    }

    @Override
    public String toString() {
        return description;
    }
}
