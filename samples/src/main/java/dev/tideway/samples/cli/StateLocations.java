package dev.tideway.samples.cli;

import dev.tideway.persistence.Backend;
import dev.tideway.s3.S3Settings;
import dev.tideway.spi.Redaction;
import dev.tideway.internal.azure.AzureBackend;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The {@code --state} option: a folder, {@code s3://BUCKET/PREFIX} or {@code azure://CONTAINER/PREFIX}.
 *
 * <p>S3 takes its endpoint from {@code AWS_ENDPOINT_URL} when set (then with path-style addressing,
 * for S3-compatible stores) and its region and credentials from the standard {@code AWS_*}
 * variables and files. Azure takes its account and key from {@code AZURE_STORAGE_CONNECTION_STRING}.
 *
 * <p>On S3 and Azure the state is locked by a lease, 30 s by default, renewed every third of it
 * while its holder runs. A restart on the same host right after a crash (kill -9, OOM) takes the
 * lease over at once: its holder is provably gone. Otherwise (the holder runs on another host or in
 * another container) the next run waits for the lease to expire, logging once whom it waits for,
 * and is refused, naming the lease object and when it expires, if the lease is still held after the
 * maximum wait (by default the lease and a third). {@code TIDEWAY_LEASE_SECONDS} (a whole number of
 * seconds, at least 1) sets another lease duration (a short lease means more requests), and
 * {@code TIDEWAY_LEASE_WAIT_SECONDS} (a whole number of seconds, 0 to refuse at once) another
 * maximum wait. A folder is locked by the operating system, which frees the lock as soon as its
 * holder dies, and ignores both variables.
 *
 * <pre>{@code
 * Backend state = StateLocations.parse("s3://my-bucket/wordcount");
 * }</pre>
 */
public final class StateLocations {
    private StateLocations() {}

    /** The backend of a {@code --state} value, reading the environment of this process. */
    public static Backend parse(String location) {
        return parse(location, System.getenv());
    }

    static Backend parse(String location, Map<String, String> environment) {
        if (location.startsWith("s3://")) {
            String[] bucketAndPrefix = split(location.substring("s3://".length()), "s3://BUCKET/PREFIX");
            S3Settings settings = S3Settings.of(bucketAndPrefix[0]);
            String endpoint = environment.get("AWS_ENDPOINT_URL");
            if (endpoint != null && !endpoint.isBlank()) {
                settings = settings.withEndpoint(java.net.URI.create(endpoint.strip()));
            }
            // the SDK reads these itself; registered so that no message of this run can show them
            Redaction.register(environment.get("AWS_SECRET_ACCESS_KEY"));
            Redaction.register(environment.get("AWS_SESSION_TOKEN"));
            Duration lease = seconds(environment, "TIDEWAY_LEASE_SECONDS", 1);
            if (lease != null) {
                settings = settings.withLeaseDuration(lease);
            }
            Duration wait = seconds(environment, "TIDEWAY_LEASE_WAIT_SECONDS", 0);
            if (wait != null) {
                settings = settings.withMaxLeaseWait(wait);
            }
            return Backend.s3(bucketAndPrefix[1], settings);
        }
        if (location.startsWith("azure://")) {
            String[] containerAndPrefix = split(location.substring("azure://".length()), "azure://CONTAINER/PREFIX");
            String connection = environment.get("AZURE_STORAGE_CONNECTION_STRING");
            if (connection == null || connection.isBlank()) {
                throw new UsageException("--state " + location + " needs AZURE_STORAGE_CONNECTION_STRING: set it to the"
                        + " connection string of the storage account");
            }
            AzureBackend.Options options = AzureBackend.Options.defaults();
            Duration lease = seconds(environment, "TIDEWAY_LEASE_SECONDS", 1);
            if (lease != null) {
                options = options.withLeaseDuration(lease);
            }
            Duration wait = seconds(environment, "TIDEWAY_LEASE_WAIT_SECONDS", 0);
            if (wait != null) {
                options = options.withMaxLeaseWait(wait);
            }
            return AzureBackend.withConnectionString(containerAndPrefix[1], connection, containerAndPrefix[0], options);
        }
        if (location.matches("[A-Za-z][A-Za-z0-9+.-]*://.*")) {
            throw new UsageException("--state " + location + ": unknown scheme; give a folder, s3://BUCKET/PREFIX or"
                    + " azure://CONTAINER/PREFIX");
        }
        return Backend.filesystem(Path.of(location));
    }

    /** A variable holding whole seconds, at least {@code min}; null when it is not set. */
    private static Duration seconds(Map<String, String> environment, String name, long min) {
        String value = environment.get(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        long seconds;
        try {
            seconds = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            seconds = -1;
        }
        if (seconds < min) {
            throw new UsageException(name + " must be a whole number of seconds, at least " + min + ", not \"" + value + "\"");
        }
        return Duration.ofSeconds(seconds);
    }

    private static String[] split(String rest, String form) {
        int slash = rest.indexOf('/');
        String head = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        if (head.isEmpty()) {
            throw new UsageException("--state must have the form " + form);
        }
        return new String[] {head, prefix};
    }
}
