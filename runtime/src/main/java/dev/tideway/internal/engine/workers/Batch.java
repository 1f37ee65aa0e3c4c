package dev.tideway.internal.engine.workers;

import dev.tideway.internal.engine.Changes;

/**
 * What one worker sends another through a {@link Channel}: up to a batch of changes for one exchange,
 * with the consumer's partition key of each change where the exchange routes by it (so the consumer
 * does not hash the row again), or the end of the current logical time on that exchange. Batches go
 * back to the sender once read, so the exchange allocates nothing per row (per batch, only the
 * channel's queue node).
 */
final class Batch {
    /** Changes a sender buffers for one destination before it sends them. */
    static final int SIZE = 1024;

    int exchange;
    boolean end;
    final Changes changes = new Changes(SIZE);
    /** The consumer's partition key of each change, where {@link #partitioned}. */
    final long[] partitionKeys = new long[SIZE];
    /** Whether {@link #partitionKeys} holds the partition key of every change (false if the route is not by it, or a key failed). */
    boolean partitioned;

    /** Adds a change and its partition key. */
    void add(long key, Object row, int diff, long partitionKey) {
        partitionKeys[changes.size()] = partitionKey;
        changes.add(key, row, diff);
    }

    boolean isFull() {
        return changes.size() >= SIZE;
    }

    /** The partition keys to push with the changes, or null if some are not known. */
    long[] knownPartitionKeys() {
        return partitioned ? partitionKeys : null;
    }

    /** Empties the batch for reuse on an exchange whose route is by partition key ({@code partitioned}) or not. */
    void reset(boolean partitioned) {
        changes.clear();
        this.partitioned = partitioned;
        this.end = false;
    }
}
