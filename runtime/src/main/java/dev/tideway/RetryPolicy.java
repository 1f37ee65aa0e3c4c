package dev.tideway;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How a failed or timed-out call of an asynchronous user function is retried: how many times, and
 * after what delay. As Pathway's {@code FixedDelayRetryStrategy} and
 * {@code ExponentialBackoffRetryStrategy}. Immutable and thread-safe.
 *
 * <pre>{@code
 * RetryPolicy.exponentialBackoff(5, Duration.ofMillis(100), 2.0, Duration.ofSeconds(5))   // 100 ms, 200 ms, ... 1.6 s
 *            .withJitter(0.2)                                                            // each delay +-20%
 * }</pre>
 */
public final class RetryPolicy {
    private static final RetryPolicy NONE = new RetryPolicy(0, Duration.ZERO, 1.0, Duration.ZERO, 0.0);

    private final int maxRetries;
    private final Duration initialDelay;
    private final double multiplier;
    private final Duration maxDelay;
    private final double jitter;

    private RetryPolicy(int maxRetries, Duration initialDelay, double multiplier, Duration maxDelay, double jitter) {
        this.maxRetries = maxRetries;
        this.initialDelay = initialDelay;
        this.multiplier = multiplier;
        this.maxDelay = maxDelay;
        this.jitter = jitter;
    }

    /** No retry: the first failure is the call's result. */
    public static RetryPolicy none() {
        return NONE;
    }

    /**
     * Up to {@code maxRetries} retries, each after {@code delay}.
     *
     * @throws IllegalArgumentException for a negative count or delay
     */
    public static RetryPolicy fixedDelay(int maxRetries, Duration delay) {
        return exponentialBackoff(maxRetries, delay, 1.0, delay);
    }

    /**
     * Up to {@code maxRetries} retries, the first after {@code initialDelay}, each next one after the
     * previous delay times {@code multiplier}, at most {@code maxDelay}.
     *
     * @throws IllegalArgumentException for a negative count or delay, or a multiplier below 1
     */
    public static RetryPolicy exponentialBackoff(int maxRetries, Duration initialDelay, double multiplier, Duration maxDelay) {
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (maxRetries < 0 || initialDelay.isNegative() || maxDelay.isNegative() || !(multiplier >= 1.0)) {
            throw new IllegalArgumentException("retry policy: give 0 or more retries, delays of 0 or more and a multiplier of 1 or more"
                    + " (got " + maxRetries + ", " + initialDelay + ", " + multiplier + ", " + maxDelay + ")");
        }
        return new RetryPolicy(maxRetries, initialDelay, multiplier, maxDelay, 0.0);
    }

    /**
     * This policy with each delay moved by a random fraction of itself, up to {@code fraction} either
     * way, so that many failed calls do not retry at the same moment.
     *
     * @throws IllegalArgumentException unless {@code 0 <= fraction <= 1}
     */
    public RetryPolicy withJitter(double fraction) {
        if (!(fraction >= 0.0 && fraction <= 1.0)) {
            throw new IllegalArgumentException("retry jitter " + fraction + " must be between 0 and 1");
        }
        return new RetryPolicy(maxRetries, initialDelay, multiplier, maxDelay, fraction);
    }

    /** The number of retries after the first attempt. */
    public int maxRetries() {
        return maxRetries;
    }

    /** The delay before retry number {@code retry} (1 for the first retry). */
    public Duration delayBefore(int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("retries are numbered from 1, not " + retry);
        }
        double millis = Math.min(maxDelay.toMillis(), initialDelay.toMillis() * Math.pow(multiplier, retry - 1));
        if (jitter > 0) {
            millis *= 1.0 + jitter * (2 * ThreadLocalRandom.current().nextDouble() - 1);
        }
        return Duration.ofMillis(Math.max(0, Math.round(millis)));
    }

    @Override
    public String toString() {
        return maxRetries == 0 ? "no retry" : maxRetries + " retries after " + initialDelay + " x" + multiplier + " up to " + maxDelay
                + (jitter > 0 ? " +-" + jitter : "");
    }
}
