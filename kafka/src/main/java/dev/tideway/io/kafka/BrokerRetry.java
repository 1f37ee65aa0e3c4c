package dev.tideway.io.kafka;

import java.io.IOException;
import java.time.Duration;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries a step of the producer's transaction protocol that failed for a passing reason (a
 * broker restarting, a coordinator moving: Kafka's {@link RetriableException}s, timeouts included),
 * with exponential backoff from 100 ms to 5 s, logging each failure, for at most a given time.
 */
final class BrokerRetry {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerRetry.class);

    /** One step; may be called again after a retriable failure (as Kafka allows for its transaction calls). */
    interface Step {
        void run();
    }

    private BrokerRetry() {}

    static void run(String what, Duration retryFor, Step step) throws IOException {
        long deadline = System.nanoTime() + retryFor.toNanos();
        long backoffMs = 100;
        for (int attempt = 1; ; attempt++) {
            try {
                step.run();
                if (attempt > 1) {
                    LOG.info("{}: succeeded at attempt {}", what, attempt);
                }
                return;
            } catch (RetriableException e) {
                if (System.nanoTime() > deadline) {
                    throw new IOException(what + " failed for " + retryFor.toSeconds() + " s (" + e + "); check the brokers", e);
                }
                LOG.warn("{} failed ({}); retrying in {} ms (attempt {})", what, e.toString(), backoffMs, attempt);
                try {
                    Thread.sleep(backoffMs);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IOException(what + " interrupted", interrupted);
                }
                backoffMs = Math.min(5_000, backoffMs * 2);
            }
        }
    }
}
