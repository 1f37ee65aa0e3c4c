package dev.tideway.persistence;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.tideway.spi.Redaction;

/**
 * How remote stores retry transient failures (timeouts, refused connections, 5xx, throttling):
 * exponential backoff with jitter, bounded by a number of attempts and by a deadline, each retry
 * logged at WARN. A failure that is not transient (access denied, a missing bucket) is not retried.
 *
 * <pre>{@code
 * Retry retry = Retry.defaults().withDeadline(Duration.ofMinutes(5));   // ride out longer outages
 * Backend backend = S3Storage.backend("state/wordcount", S3Settings.of("my-bucket").withRetry(retry));
 * }</pre>
 *
 * <p>Immutable; each {@code with...} method returns a copy.
 */
public final class Retry {
    private static final Logger LOG = LoggerFactory.getLogger(Retry.class);

    private final int maxAttempts;
    private final Duration initialDelay;
    private final Duration maxDelay;
    private final Duration deadline;

    private Retry(int maxAttempts, Duration initialDelay, Duration maxDelay, Duration deadline) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("at least one attempt is needed, not " + maxAttempts);
        }
        if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0 || deadline.isNegative()) {
            throw new IllegalArgumentException("delays must be positive and the maximum delay at least the initial one: "
                    + initialDelay + ", " + maxDelay + ", deadline " + deadline);
        }
        this.maxAttempts = maxAttempts;
        this.initialDelay = initialDelay;
        this.maxDelay = maxDelay;
        this.deadline = deadline;
    }

    /** 10 attempts, 200 ms doubling up to 10 s between them, giving up after 60 s in all. */
    public static Retry defaults() {
        return new Retry(10, Duration.ofMillis(200), Duration.ofSeconds(10), Duration.ofSeconds(60));
    }

    /** No retry at all: the first failure is final. */
    public static Retry none() {
        return new Retry(1, Duration.ZERO, Duration.ZERO, Duration.ZERO);
    }

    public Retry withMaxAttempts(int attempts) {
        return new Retry(attempts, initialDelay, maxDelay, deadline);
    }

    /** The delay before the first retry; each next one doubles, up to {@code max}. */
    public Retry withDelays(Duration initial, Duration max) {
        return new Retry(maxAttempts, Objects.requireNonNull(initial, "initial"), Objects.requireNonNull(max, "max"),
                deadline);
    }

    /** The time after the first attempt past which no retry starts. */
    public Retry withDeadline(Duration value) {
        return new Retry(maxAttempts, initialDelay, maxDelay, Objects.requireNonNull(value, "value"));
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    public Duration deadline() {
        return deadline;
    }

    /**
     * Runs {@code action}, retrying it while it fails with an exception that {@code isTransient}
     * accepts and attempts and time are left.
     *
     * @param what what the action does and where, for the log ("put object x in s3://b/p")
     * @throws GaveUpException wrapping the last transient failure when retries are exhausted
     * @throws Exception the first failure that is not transient, as it is
     */
    public <T> T call(String what, Callable<T> action, Predicate<? super Exception> isTransient) throws Exception {
        long start = System.nanoTime();
        long delay = initialDelay.toMillis();
        for (int attempt = 1; ; attempt++) {
            try {
                return action.call();
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                if (!isTransient.test(e)) {
                    throw e;
                }
                long elapsed = (System.nanoTime() - start) / 1_000_000;
                long sleep = Math.min(delay, maxDelay.toMillis());
                sleep = sleep / 2 + ThreadLocalRandom.current().nextLong(sleep / 2 + 1);
                if (attempt >= maxAttempts || elapsed + sleep > deadline.toMillis()) {
                    throw new GaveUpException(attempt, elapsed, e);
                }
                LOG.warn("{} failed ({}); attempt {} of {}, retrying in {} ms", what, Redaction.reason(e), attempt,
                        maxAttempts, sleep);
                Thread.sleep(sleep);
                delay = Math.min(delay * 2, maxDelay.toMillis());
            }
        }
    }

    @Override
    public String toString() {
        return "Retry[" + maxAttempts + " attempts, " + initialDelay.toMillis() + ".." + maxDelay.toMillis()
                + " ms, deadline " + deadline.toMillis() + " ms]";
    }

    /** Retries ran out; the cause is the last failure. */
    public static final class GaveUpException extends Exception {
        private static final long serialVersionUID = 1L;
        private final int attempts;
        private final long elapsedMillis;

        GaveUpException(int attempts, long elapsedMillis, Exception last) {
            super("gave up after " + attempts + (attempts == 1 ? " attempt" : " attempts") + " in "
                    + elapsedMillis + " ms", last);
            this.attempts = attempts;
            this.elapsedMillis = elapsedMillis;
        }

        public int attempts() {
            return attempts;
        }

        public long elapsedMillis() {
            return elapsedMillis;
        }
    }
}
