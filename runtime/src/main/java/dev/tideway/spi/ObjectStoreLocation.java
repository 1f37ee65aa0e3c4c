package dev.tideway.spi;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A state location on an object store, {@code SCHEME://CONTAINER/PREFIX} (an S3 bucket, an Azure
 * container, and the key prefix under which the state lives), with the settings that a process's
 * environment gives every object-store backend's lock:
 * <ul>
 *   <li>{@code TIDEWAY_LEASE_SECONDS}: how long the lease that locks the state outlives a crashed
 *       holder, in whole seconds, at least 1;</li>
 *   <li>{@code TIDEWAY_LEASE_WAIT_SECONDS}: how long taking the lock waits at most for another
 *       process's lease to expire, in whole seconds; 0 refuses at once.</li>
 * </ul>
 * For {@link BackendProvider}s of object stores.
 *
 * <pre>{@code
 * ObjectStoreLocation at = ObjectStoreLocation.parse("s3://my-bucket/runs/wordcount", "s3", "BUCKET", System.getenv());
 * // at.container() = "my-bucket", at.prefix() = "runs/wordcount"
 * }</pre>
 *
 * @param container the bucket or container, not empty
 * @param prefix the key prefix, without a leading {@code /}; may be empty
 * @param leaseDuration the lease duration the environment sets, if any
 * @param maxLeaseWait the maximum wait for a lease the environment sets, if any
 */
public record ObjectStoreLocation(String container, String prefix, Optional<Duration> leaseDuration,
        Optional<Duration> maxLeaseWait) {
    public ObjectStoreLocation {
        Objects.requireNonNull(container, "container");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(leaseDuration, "leaseDuration");
        Objects.requireNonNull(maxLeaseWait, "maxLeaseWait");
    }

    /**
     * Reads {@code location}, which must start with {@code scheme://}.
     *
     * @param containerWord what the container is called in the form shown in messages, such as
     *     {@code BUCKET}: {@code s3://BUCKET/PREFIX}
     * @throws IllegalArgumentException if the location has no container, does not start with the
     *     scheme, or a variable is not a whole number of seconds in its range
     */
    public static ObjectStoreLocation parse(String location, String scheme, String containerWord, Map<String, String> environment) {
        String start = scheme + "://";
        String form = start + containerWord + "/PREFIX";
        if (!location.startsWith(start)) {
            throw new IllegalArgumentException("state location " + location + " must have the form " + form);
        }
        String rest = location.substring(start.length());
        int slash = rest.indexOf('/');
        String container = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        if (container.isEmpty()) {
            throw new IllegalArgumentException("state location " + location + " names no " + containerWord.toLowerCase(java.util.Locale.ROOT)
                    + ": it must have the form " + form);
        }
        return new ObjectStoreLocation(container, prefix, seconds(environment, "TIDEWAY_LEASE_SECONDS", 1),
                seconds(environment, "TIDEWAY_LEASE_WAIT_SECONDS", 0));
    }

    /** A variable holding whole seconds, at least {@code min}; empty when it is not set. */
    private static Optional<Duration> seconds(Map<String, String> environment, String name, long min) {
        String value = environment.get(name);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        long seconds;
        try {
            seconds = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            seconds = -1;
        }
        if (seconds < min) {
            throw new IllegalArgumentException(name + " must be a whole number of seconds, at least " + min + ", not \"" + value + "\"");
        }
        return Optional.of(Duration.ofSeconds(seconds));
    }
}
