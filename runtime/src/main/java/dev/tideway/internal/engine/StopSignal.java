package dev.tideway.internal.engine;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A request to stop a run gracefully, which the run loop waits on between polls. */
public final class StopSignal {
    private final CountDownLatch requested = new CountDownLatch(1);

    public void request() {
        requested.countDown();
    }

    public boolean requested() {
        return requested.getCount() == 0;
    }

    /** Waits up to {@code millis} for a stop request; returns whether one came. */
    public boolean await(long millis) throws InterruptedException {
        return millis <= 0 ? requested() : requested.await(millis, TimeUnit.MILLISECONDS);
    }
}
