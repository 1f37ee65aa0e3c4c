package dev.tideway.persistence;

import dev.tideway.internal.storage.BackendLocations;
import dev.tideway.internal.storage.FileSystemBackend;
import dev.tideway.internal.storage.MemoryBackend;
import dev.tideway.internal.storage.ObjectNames;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Where persisted state lives: a small object store of immutable, named byte arrays.
 *
 * <p>The interface asks only for what every object store offers (whole-object put, create-only put,
 * get, list by prefix, delete), so the same persistence code runs on a folder, in memory, on S3
 * ({@code S3Storage.backend} in tideway-s3) and on Azure Blob ({@code AzureStorage.backend} in
 * tideway-azure); {@link #at} opens any of them from a location string. There is no append and no
 * rename: the write-ahead log writes one immutable object per
 * commit and the metadata is committed by creating a new, never-overwritten generation object.
 *
 * <p>Names are relative keys of '/'-separated segments; each segment is 1 to 255 characters of
 * {@code [A-Za-z0-9._-]} and is neither {@code .} nor {@code ..}; the name {@code .lock} is reserved.
 * So no name can leave the location, and the same name is valid on every backend. Invalid names are
 * refused with an {@link IllegalArgumentException}. Failures of the store itself are
 * {@link PersistenceException}s naming the location and the object.
 *
 * <pre>{@code
 * Backend backend = Backend.filesystem(Path.of("state"));
 * try (StateLock lock = backend.lock()) {
 *     backend.put("log/words/00000000000000000001", bytes);
 *     Optional<byte[]> back = backend.get("log/words/00000000000000000001");
 * }
 * }</pre>
 *
 * <p>Implementations are safe for use by several threads.
 */
public interface Backend {

    /**
     * A backend on a local folder, created if missing. Writes are durable when they return: written
     * to a temporary file, forced, renamed atomically and the folder forced.
     *
     * @throws PersistenceException if {@code root} exists but is not a folder, or cannot be created
     */
    static Backend filesystem(Path root) {
        return new FileSystemBackend(root);
    }

    /** A backend in this process's memory, for tests; each call gives a new, empty store. */
    static Backend memory() {
        return new MemoryBackend();
    }

    /**
     * The backend of a location string: a folder ({@code state}, {@code /var/lib/app/state},
     * {@code file:///var/lib/app/state}), or an object store named by its scheme, configured from
     * this process's environment variables. Tideway's schemes come with their artifacts:
     * <ul>
     *   <li>{@code s3://BUCKET/PREFIX} (tideway-s3): the endpoint from {@code AWS_ENDPOINT_URL_S3} or
     *       {@code AWS_ENDPOINT_URL} when set (then path-style, for S3-compatible stores), the region
     *       and credentials from the AWS SDK's default chain ({@code AWS_REGION},
     *       {@code AWS_ACCESS_KEY_ID}, ...);</li>
     *   <li>{@code azure://CONTAINER/PREFIX} (tideway-azure): the account and its key from
     *       {@code AZURE_STORAGE_CONNECTION_STRING};</li>
     *   <li>both: {@code TIDEWAY_LEASE_SECONDS} and {@code TIDEWAY_LEASE_WAIT_SECONDS} (see
     *       {@link dev.tideway.spi.ObjectStoreLocation}).</li>
     * </ul>
     * Other schemes come from any artifact with a {@link dev.tideway.spi.BackendProvider}, found by
     * the {@link java.util.ServiceLoader} (Flink's file systems are found by scheme the same way).
     *
     * <pre>{@code
     * Backend state = Backend.at(args[0]);      // "state", "s3://my-bucket/wordcount", "azure://state/wordcount"
     * }</pre>
     *
     * @throws IllegalArgumentException for a malformed location, a variable with a bad value, an
     *     unknown scheme, or a scheme whose artifact is not on the class path or module path (the
     *     message names the artifact to add, such as {@code dev.tideway:tideway-s3})
     * @throws PersistenceException if the folder cannot be created, or the store refuses the backend
     */
    static Backend at(String location) {
        return at(location, System.getenv());
    }

    /**
     * As {@link #at(String)}, with the variables of {@code environment} instead of this process's:
     * for configuration read from elsewhere, and tests.
     */
    static Backend at(String location, Map<String, String> environment) {
        return BackendLocations.open(location, environment);
    }

    /** Writes {@code data} under {@code name}, replacing any object there; durable when it returns. */
    void put(String name, byte[] data);

    /**
     * Creates {@code name} with {@code data} only if no object has that name, atomically: of several
     * concurrent callers (threads or processes) exactly one succeeds. Readers never see a partly
     * written object. Durable when it returns.
     *
     * @return true if this call created the object, false if it already existed (nothing written)
     */
    boolean putIfAbsent(String name, byte[] data);

    /**
     * Writes every object of {@code objects} (name to bytes) as {@link #put} does, replacing any
     * there; all are durable when it returns. The objects are independent: if it throws, some may
     * be written (each whole or not at all) and others not, so write them under names nothing
     * committed refers to yet, as a snapshot does. The default puts them one after another; the
     * file system backend writes them in parallel and forces each folder once, for all of them.
     *
     * @throws IllegalArgumentException if a name is invalid (nothing is written)
     * @throws PersistenceException if the store fails (the first failure)
     */
    default void putAll(Map<String, byte[]> objects) {
        objects.keySet().forEach(ObjectNames::requireValidName);
        objects.forEach(this::put);
    }

    /** The whole object, or empty if there is none with that name. */
    Optional<byte[]> get(String name);

    /**
     * The names of all objects whose name starts with {@code prefix} (a plain string prefix, as on
     * object stores: {@code "log/a"} matches {@code "log/a/1"} and {@code "log/ab/1"}), sorted.
     * An empty prefix lists everything.
     */
    List<String> list(String prefix);

    /** Deletes the object if it exists; deleting a missing object does nothing. */
    void delete(String name);

    /** The size of the object in bytes, or empty if there is none with that name. */
    OptionalLong size(String name);

    /**
     * Where the store is, for messages and logs (a path, a bucket and prefix); never credentials.
     */
    String describe();

    /**
     * Claims the location for this process until the returned lock is closed.
     *
     * @throws PersistenceException if another process (or another run in this one) holds it; the
     *     message names the location
     */
    StateLock lock();
}
