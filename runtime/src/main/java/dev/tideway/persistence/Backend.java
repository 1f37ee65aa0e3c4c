package dev.tideway.persistence;

import dev.tideway.internal.storage.FileSystemBackend;
import dev.tideway.internal.storage.MemoryBackend;
import dev.tideway.internal.azure.AzureBackend;
import dev.tideway.internal.s3.S3Backend;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import dev.tideway.s3.S3Settings;

/**
 * Where persisted state lives: a small object store of immutable, named byte arrays.
 *
 * <p>The interface asks only for what every object store offers (whole-object put, create-only put,
 * get, list by prefix, delete), so the same persistence code runs on a folder, in memory, on S3 and on
 * Azure Blob. There is no append and no rename: the write-ahead log writes one immutable object per
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
     * A backend under the key prefix {@code rootPath} of an S3 bucket (or of an S3-compatible store
     * reached through {@link S3Settings#withEndpoint}). The bucket must exist. The metadata commit is
     * a conditional write ({@code If-None-Match: *}); the lock is a lease object renewed while held
     * and taken over only after it expired ({@link S3Settings#withLeaseDuration}); transient failures
     * are retried ({@link S3Settings#withRetry}).
     *
     * <pre>{@code
     * Backend state = Backend.s3("pipelines/wordcount", S3Settings.of("my-bucket").withRegion("eu-west-1"));
     * }</pre>
     */
    static Backend s3(String rootPath, S3Settings settings) {
        return new S3Backend(rootPath, settings);
    }

    /**
     * A backend under the prefix {@code rootPath} of an Azure Blob container, with a storage account
     * name and key; the container is created if missing. Like {@link #s3}: conditional create for
     * the metadata, a lease object for the lock, retries of transient failures.
     *
     * <pre>{@code
     * Backend state = Backend.azure("wordcount", "myaccount", System.getenv("AZURE_STORAGE_KEY"), "state");
     * }</pre>
     */
    static Backend azure(String rootPath, String account, String key, String container) {
        return AzureBackend.withAccountKey(rootPath, account, key, container, AzureBackend.Options.defaults());
    }

    /**
     * As {@link #azure(String, String, String, String)}, from a storage connection string (with an
     * account key or a shared access signature), such as {@code AZURE_STORAGE_CONNECTION_STRING}.
     */
    static Backend azureConnectionString(String rootPath, String connectionString, String container) {
        return AzureBackend.withConnectionString(rootPath, connectionString, container, AzureBackend.Options.defaults());
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
