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

    /** The worker that receives a change, computed on worker {@code from} (whose copy of the consumer it asks). */
    int destination(int from, long key, Object row) {
        return switch (route) {
            case GATHER -> 0;
            case SPREAD -> KeyGroups.worker(key, targets.length);
            case PARTITION -> {
                long partition;
                try {
                    partition = ((Partitioned) targets[from]).partitionKey(port, key, row);
                } catch (RuntimeException e) {
                    // the user's expression fails on this row: any copy fails on it alike, and reports it as one worker would
                    yield 0;
                }
                yield KeyGroups.worker(partition, targets.length);
            }
        };
    }

    @Override
    public String toString() {
        return description;
    }
}
