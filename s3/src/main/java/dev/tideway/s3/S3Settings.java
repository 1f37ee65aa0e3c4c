package dev.tideway.s3;

import dev.tideway.spi.Redaction;
import dev.tideway.persistence.Retry;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how to reach an S3 bucket: the bucket, the region, an endpoint for S3-compatible stores
 * (MinIO, s3proxy, ...) with path-style addressing, and the credentials: the AWS SDK's default chain
 * (environment variables, system properties, profile files, container and instance roles) unless
 * given explicitly. Used by {@link S3Storage#backend} and by the S3 sources, {@link S3Csv} and {@link S3JsonLines}.
 *
 * <pre>{@code
 * S3Settings aws = S3Settings.of("my-bucket").withRegion("eu-west-1");
 * S3Settings minio = S3Settings.of("state").withEndpoint(URI.create("http://127.0.0.1:9000"))
 *         .withCredentials("minio", "minio-secret");           // path-style, as endpoints need
 * S3Settings fromEnv = S3Settings.fromEnvironment("my-bucket");  // AWS_ENDPOINT_URL, AWS_REGION, ...
 * }</pre>
 *
 * <p>Immutable; {@link #toString()} never shows the secret key.
 */
public final class S3Settings {
    /** Objects above this size are written by multipart upload unless set otherwise. */
    public static final long DEFAULT_MULTIPART_THRESHOLD = 16L << 20;
    /** The smallest part S3 accepts, except the last. */
    public static final long MIN_PART_SIZE = 5L << 20;

    private final String bucket;
    private final String region;
    private final URI endpoint;
    private final boolean pathStyle;
    private final String accessKeyId;
    private final String secretAccessKey;
    private final String sessionToken;
    private final Retry retry;
    private final Duration leaseDuration;
    private final Duration maxLeaseWait;
    private final long multipartThreshold;
    private final long partSize;

    private S3Settings(String bucket, String region, URI endpoint, boolean pathStyle, String accessKeyId,
            String secretAccessKey, String sessionToken, Retry retry, Duration leaseDuration, Duration maxLeaseWait,
            long multipartThreshold, long partSize) {
        this.bucket = bucket;
        this.region = region;
        this.endpoint = endpoint;
        this.pathStyle = pathStyle;
        this.accessKeyId = accessKeyId;
        this.secretAccessKey = secretAccessKey;
        this.sessionToken = sessionToken;
        this.retry = retry;
        this.leaseDuration = leaseDuration;
        this.maxLeaseWait = maxLeaseWait;
        this.multipartThreshold = multipartThreshold;
        this.partSize = partSize;
    }

    /**
     * A bucket reached with the SDK's default region and credentials, virtual-host addressing, the
     * {@linkplain Retry#defaults() default retries}, a 30 s lease and multipart uploads above 16 MiB.
     */
    public static S3Settings of(String bucket) {
        Objects.requireNonNull(bucket, "bucket");
        if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw new IllegalArgumentException("invalid S3 bucket name \"" + bucket
                    + "\": use 3 to 63 lowercase letters, digits, '.' and '-', starting and ending with a letter or digit");
        }
        return new S3Settings(bucket, null, null, false, null, null, null, Retry.defaults(), Duration.ofSeconds(30), null,
                DEFAULT_MULTIPART_THRESHOLD, 8L << 20);
    }

    /**
     * {@link #of} with the endpoint of {@code AWS_ENDPOINT_URL} when that variable is set (then with
     * path-style addressing); the region and credentials come from the SDK's default chain, which
     * reads {@code AWS_REGION}, {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}, ...
     */
    public static S3Settings fromEnvironment(String bucket) {
        return fromEnvironment(bucket, System.getenv());
    }

    /**
     * As {@link #fromEnvironment(String)}, from the variables of {@code environment} instead of this
     * process's ({@code AWS_ENDPOINT_URL_S3}, else {@code AWS_ENDPOINT_URL}).
     *
     * @throws IllegalArgumentException for an invalid bucket name or endpoint
     */
    public static S3Settings fromEnvironment(String bucket, Map<String, String> environment) {
        S3Settings settings = of(bucket);
        String endpoint = environment.get("AWS_ENDPOINT_URL_S3");
        if (endpoint == null || endpoint.isBlank()) {
            endpoint = environment.get("AWS_ENDPOINT_URL");
        }
        if (endpoint != null && !endpoint.isBlank()) {
            settings = settings.withEndpoint(URI.create(endpoint.strip()));
        }
        return settings;
    }

    /** The region, such as {@code eu-west-1}; without one, the SDK's default chain decides. */
    public S3Settings withRegion(String value) {
        return new S3Settings(bucket, Objects.requireNonNull(value, "value"), endpoint, pathStyle, accessKeyId,
                secretAccessKey, sessionToken, retry, leaseDuration, maxLeaseWait, multipartThreshold, partSize);
    }

    /** An S3-compatible endpoint, addressed path-style ({@code http://host:port/bucket/key}). */
    public S3Settings withEndpoint(URI value) {
        return new S3Settings(bucket, region, Objects.requireNonNull(value, "value"), true, accessKeyId, secretAccessKey,
                sessionToken, retry, leaseDuration, maxLeaseWait, multipartThreshold, partSize);
    }

    /** Path-style ({@code true}) or virtual-host addressing. */
    public S3Settings withPathStyle(boolean value) {
        return new S3Settings(bucket, region, endpoint, value, accessKeyId, secretAccessKey, sessionToken, retry,
                leaseDuration, maxLeaseWait, multipartThreshold, partSize);
    }

    /** Static credentials instead of the default chain. */
    public S3Settings withCredentials(String accessKey, String secretKey) {
        return withCredentials(accessKey, secretKey, null);
    }

    /** Static, temporary credentials (with a session token) instead of the default chain. */
    public S3Settings withCredentials(String accessKey, String secretKey, String token) {
        Objects.requireNonNull(accessKey, "accessKey");
        Objects.requireNonNull(secretKey, "secretKey");
        Redaction.register(secretKey);
        Redaction.register(token);
        return new S3Settings(bucket, region, endpoint, pathStyle, accessKey, secretKey, token, retry, leaseDuration,
                maxLeaseWait, multipartThreshold, partSize);
    }

    /** How transient failures are retried. */
    public S3Settings withRetry(Retry value) {
        return new S3Settings(bucket, region, endpoint, pathStyle, accessKeyId, secretAccessKey, sessionToken,
                Objects.requireNonNull(value, "value"), leaseDuration, maxLeaseWait, multipartThreshold, partSize);
    }

    /**
     * How long the lock of a state location outlives its holder if that crashes (renewed every third
     * of it while the holder runs).
     */
    public S3Settings withLeaseDuration(Duration value) {
        if (value.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("a lease must last at least 1 s, not " + value);
        }
        return new S3Settings(bucket, region, endpoint, pathStyle, accessKeyId, secretAccessKey, sessionToken, retry,
                value, maxLeaseWait, multipartThreshold, partSize);
    }

    /**
     * How long taking the lock waits at most for the lease of another process to expire before it
     * gives up with an error; by default the lease duration plus one renewal period (a third of it),
     * enough for the lease of any crashed holder to expire. {@link Duration#ZERO} refuses at once.
     * A holder shown to be gone (a process of the same host that no longer exists) is taken over at
     * once whatever this is.
     */
    public S3Settings withMaxLeaseWait(Duration value) {
        if (value.isNegative()) {
            throw new IllegalArgumentException("a maximum wait for a lease cannot be negative: " + value);
        }
        return new S3Settings(bucket, region, endpoint, pathStyle, accessKeyId, secretAccessKey, sessionToken, retry,
                leaseDuration, value, multipartThreshold, partSize);
    }

    /** Objects larger than {@code threshold} bytes are uploaded in parts of {@code partSize} bytes (at least 5 MiB). */
    public S3Settings withMultipart(long threshold, long newPartSize) {
        if (newPartSize < MIN_PART_SIZE || threshold < newPartSize) {
            throw new IllegalArgumentException("parts must have at least 5 MiB and the threshold be at least one part: "
                    + threshold + ", " + newPartSize);
        }
        return new S3Settings(bucket, region, endpoint, pathStyle, accessKeyId, secretAccessKey, sessionToken, retry,
                leaseDuration, maxLeaseWait, threshold, newPartSize);
    }

    public String bucket() {
        return bucket;
    }

    public Optional<String> region() {
        return Optional.ofNullable(region);
    }

    public Optional<URI> endpoint() {
        return Optional.ofNullable(endpoint);
    }

    public boolean pathStyle() {
        return pathStyle;
    }

    /** The access key id of static credentials; empty for the default chain. */
    public Optional<String> accessKeyId() {
        return Optional.ofNullable(accessKeyId);
    }

    /** For building clients only; never print it. */
    public Optional<String> secretAccessKey() {
        return Optional.ofNullable(secretAccessKey);
    }

    /** For building clients only; never print it. */
    public Optional<String> sessionToken() {
        return Optional.ofNullable(sessionToken);
    }

    public Retry retry() {
        return retry;
    }

    public Duration leaseDuration() {
        return leaseDuration;
    }

    /** See {@link #withMaxLeaseWait}. */
    public Duration maxLeaseWait() {
        return maxLeaseWait != null ? maxLeaseWait : leaseDuration.plus(leaseDuration.dividedBy(3));
    }

    public long multipartThreshold() {
        return multipartThreshold;
    }

    public long partSize() {
        return partSize;
    }

    /** The bucket, region and endpoint; never the credentials. */
    @Override
    public String toString() {
        return "S3Settings[bucket " + bucket + (region == null ? "" : ", region " + region)
                + (endpoint == null ? "" : ", endpoint " + endpoint + (pathStyle ? " (path-style)" : ""))
                + (accessKeyId == null ? ", default credentials" : ", static credentials") + "]";
    }
}
