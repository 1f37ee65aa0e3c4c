package dev.tideway.internal.engine.workers;

import dev.tideway.internal.engine.Changes;

/**
 * What one worker sends another through a {@link Channel}: up to a batch of changes for one exchange,
 * or the end of the current logical time on that exchange. Batches and their change buffers go back
 * to the sender once read, so the exchange allocates nothing per row (nor per batch, once warm).
 */
final class Batch {
    /** Changes a sender buffers for one destination before it sends them. */
    static final int SIZE = 1024;

    int exchange;
    boolean end;
    Changes changes = new Changes(SIZE);
}
