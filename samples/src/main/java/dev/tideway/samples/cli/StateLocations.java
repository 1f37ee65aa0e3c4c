package dev.tideway.samples.cli;

import dev.tideway.persistence.Backend;
import java.util.Map;

/**
 * The {@code --state} option: a folder, {@code s3://BUCKET/PREFIX} or {@code azure://CONTAINER/PREFIX}.
 *
 * <p>Resolved by {@link Backend#at}: S3 (tideway-s3) takes its endpoint from {@code AWS_ENDPOINT_URL}
 * when set (then with path-style addressing, for S3-compatible stores) and its region and
 * credentials from the standard {@code AWS_*} variables and files. Azure (tideway-azure) takes its
 * account and key from {@code AZURE_STORAGE_CONNECTION_STRING}.
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

    /** The backend of a {@code --state} value, through {@link Backend#at}; what it refuses is a usage error. */
    static Backend parse(String location, Map<String, String> environment) {
        try {
            return Backend.at(location, environment);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
