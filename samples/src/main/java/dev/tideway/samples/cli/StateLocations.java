package dev.tideway.samples.cli;

import dev.tideway.persistence.Backend;
import dev.tideway.persistence.S3Settings;
import dev.tideway.persistence.storage.Redaction;
import dev.tideway.persistence.storage.azure.AzureBackend;
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
 * <p>On S3 and Azure the state is locked by a lease that outlives a crashed (killed) run by up to
 * its duration, 30 s by default: until then the next run on that location is refused, naming the
 * lease object and when it expires. {@code TIDEWAY_LEASE_SECONDS} (a whole number of seconds, at
 * least 1) sets another duration; the holder renews its lease every third of it, so a short lease
 * means more requests. A folder is locked by the operating system, which frees the lock as soon as
 * its holder dies, and ignores the variable.
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
            Duration lease = leaseDuration(environment);
            if (lease != null) {
                settings = settings.withLeaseDuration(lease);
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
            Duration lease = leaseDuration(environment);
            return lease == null ? Backend.azureConnectionString(containerAndPrefix[1], connection, containerAndPrefix[0])
                    : AzureBackend.withConnectionString(containerAndPrefix[1], connection, containerAndPrefix[0],
                            AzureBackend.Options.defaults().withLeaseDuration(lease));
        }
        if (location.matches("[A-Za-z][A-Za-z0-9+.-]*://.*")) {
            throw new UsageException("--state " + location + ": unknown scheme; give a folder, s3://BUCKET/PREFIX or"
                    + " azure://CONTAINER/PREFIX");
        }
        return Backend.filesystem(Path.of(location));
    }

    /** {@code TIDEWAY_LEASE_SECONDS}, or null for the backend's default. */
    private static Duration leaseDuration(Map<String, String> environment) {
        String value = environment.get("TIDEWAY_LEASE_SECONDS");
        if (value == null || value.isBlank()) {
            return null;
        }
        long seconds;
        try {
            seconds = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            seconds = 0;
        }
        if (seconds < 1) {
            throw new UsageException("TIDEWAY_LEASE_SECONDS must be a whole number of seconds, at least 1, not \"" + value
                    + "\"");
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
