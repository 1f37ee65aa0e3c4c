package dev.tideway.spi;

import dev.tideway.persistence.Backend;
import java.util.Map;

/**
 * Opens the state locations of one scheme, such as {@code s3://BUCKET/PREFIX}, for
 * {@link Backend#at(String)}. Providers are found with {@link java.util.ServiceLoader}: an artifact
 * that brings one declares it in its {@code module-info.java} ({@code provides
 * dev.tideway.spi.BackendProvider with ...}) and, for the class path, in
 * {@code META-INF/services/dev.tideway.spi.BackendProvider}. Tideway's own: {@code s3} in
 * tideway-s3, {@code azure} in tideway-azure.
 *
 * <pre>{@code
 * public final class GcsBackendProvider implements BackendProvider {
 *     public String scheme() { return "gs"; }
 *     public Backend open(String location, Map<String, String> environment) {
 *         ObjectStoreLocation at = ObjectStoreLocation.parse(location, "gs", "BUCKET", environment);
 *         return new GcsBackend(at.container(), at.prefix(), at.leaseDuration(), at.maxLeaseWait());
 *     }
 * }
 * }</pre>
 *
 * <p>Implementations have a public no-argument constructor and are thread-safe.
 */
public interface BackendProvider {
    /** The scheme this provider opens, in lowercase and without {@code ://}, such as {@code s3}. */
    String scheme();

    /**
     * The backend of {@code location}, configured from {@code environment} where the location does
     * not say (an endpoint, credentials, the lease). Creating it should not need the store to be
     * reachable; if it does, a failure is a {@link dev.tideway.persistence.PersistenceException}.
     *
     * @param location the whole location string, scheme included
     * @param environment variables to read, such as {@link System#getenv()}
     * @throws IllegalArgumentException for a malformed location or a variable with a bad value,
     *     naming it and the form expected
     */
    Backend open(String location, Map<String, String> environment);
}
