package dev.tideway.s3;

import dev.tideway.internal.s3.S3Backend;
import dev.tideway.persistence.Backend;

/**
 * State on S3, or on an S3-compatible store (MinIO, s3proxy, ...): the backend of this artifact,
 * tideway-s3, on the AWS SDK v2. {@code Backend.at("s3://BUCKET/PREFIX")} opens the same backend
 * from a location string and the environment.
 *
 * <pre>{@code
 * Tideway.run(PersistenceConfig.of(S3Storage.backend("pipelines/wordcount",
 *         S3Settings.of("my-bucket").withRegion("eu-west-1"))));
 * }</pre>
 */
public final class S3Storage {
    private S3Storage() {}

    /**
     * A backend under the key prefix {@code rootPath} of the bucket of {@code settings}, which must
     * exist. The metadata commit is a conditional write ({@code If-None-Match: *}); the lock is a
     * lease object renewed while held and taken over only after it expired
     * ({@link S3Settings#withLeaseDuration}); transient failures are retried
     * ({@link S3Settings#withRetry}). Nothing is sent to the store until the backend is used.
     * Thread-safe.
     */
    public static Backend backend(String rootPath, S3Settings settings) {
        return new S3Backend(rootPath, settings);
    }
}
