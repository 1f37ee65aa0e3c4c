package dev.tideway.internal.engine.workers;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The batches one worker sends one other worker, in order (one producer, one consumer), and the
 * batches coming back empty for reuse. {@link #inFlight} counts those sent and not yet read: a sender
 * whose channels hold more than {@link #LIMIT} waits at its next safe point (backpressure). Each pair
 * of workers has its own channel, so no lock is shared by all workers.
 */
final class Channel {
    /** Batches in flight on one channel above which the sender waits: 16 batches, 16,384 changes. */
    static final int LIMIT = 16;

    final ConcurrentLinkedQueue<Batch> sent = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<Batch> returned = new ConcurrentLinkedQueue<>();
    final AtomicInteger inFlight = new AtomicInteger();
}
