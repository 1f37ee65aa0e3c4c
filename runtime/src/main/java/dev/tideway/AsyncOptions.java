package dev.tideway;

import java.time.Duration;
import java.util.Objects;

/**
 * How an asynchronous user function is called: at most {@link #concurrency} calls in flight, up to
 * {@link #maxBatchSize} arguments a call (for a batched function), each call given up after
 * {@link #timeout}, and a failed or timed-out call retried by a {@link RetryPolicy}. As Pathway's
 * {@code async_executor(capacity, timeout, retry_strategy)} with {@code max_batch_size}, and Flink's
 * async I/O capacity and timeout. Immutable and thread-safe.
 *
 * <pre>{@code
 * AsyncOptions.defaults().withConcurrency(16).withMaxBatchSize(50).withTimeout(Duration.ofSeconds(10))
 *             .withRetry(RetryPolicy.exponentialBackoff(3, Duration.ofMillis(200), 2.0, Duration.ofSeconds(2)))
 * }</pre>
 *
 * <p>The defaults: 16 calls in flight, one argument a call, a timeout of 60 s, no retry.
 */
public final class AsyncOptions {
    private static final AsyncOptions DEFAULTS = new AsyncOptions(16, 1, Duration.ofSeconds(60), RetryPolicy.none());

    private final int concurrency;
    private final int maxBatchSize;
    private final Duration timeout;
    private final RetryPolicy retry;

    private AsyncOptions(int concurrency, int maxBatchSize, Duration timeout, RetryPolicy retry) {
        this.concurrency = concurrency;
        this.maxBatchSize = maxBatchSize;
        this.timeout = timeout;
        this.retry = retry;
    }

    /** 16 calls in flight, one argument a call, 60 s timeout, no retry. */
    public static AsyncOptions defaults() {
        return DEFAULTS;
    }

    /**
     * At most {@code calls} calls in flight at once (retries included).
     *
     * @throws IllegalArgumentException unless {@code calls >= 1}
     */
    public AsyncOptions withConcurrency(int calls) {
        if (calls < 1) {
            throw new IllegalArgumentException("async concurrency " + calls + " must be 1 or more");
        }
        return new AsyncOptions(calls, maxBatchSize, timeout, retry);
    }

    /**
     * Up to {@code arguments} arguments in one call of a batched function (for a one-argument
     * function, only 1 is allowed).
     *
     * @throws IllegalArgumentException unless {@code arguments >= 1}
     */
    public AsyncOptions withMaxBatchSize(int arguments) {
        if (arguments < 1) {
            throw new IllegalArgumentException("async max batch size " + arguments + " must be 1 or more");
        }
        return new AsyncOptions(concurrency, arguments, timeout, retry);
    }

    /**
     * Each attempt of a call is given up after {@code timeout} and counts as failed (and is retried
     * if the policy allows); the user's future is left to finish on its own.
     *
     * @throws IllegalArgumentException unless positive
     */
    public AsyncOptions withTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("async timeout " + timeout + " must be positive");
        }
        return new AsyncOptions(concurrency, maxBatchSize, timeout, retry);
    }

    /** Retries of failed and timed-out calls. */
    public AsyncOptions withRetry(RetryPolicy policy) {
        return new AsyncOptions(concurrency, maxBatchSize, timeout, Objects.requireNonNull(policy, "policy"));
    }

    public int concurrency() {
        return concurrency;
    }

    public int maxBatchSize() {
        return maxBatchSize;
    }

    public Duration timeout() {
        return timeout;
    }

    public RetryPolicy retry() {
        return retry;
    }

    @Override
    public String toString() {
        return "concurrency " + concurrency + ", batches of " + maxBatchSize + ", timeout " + timeout + ", " + retry;
    }
}
