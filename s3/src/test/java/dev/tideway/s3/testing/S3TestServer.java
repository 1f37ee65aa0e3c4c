package dev.tideway.s3.testing;

import dev.tideway.s3.S3Settings;
import dev.tideway.persistence.Retry;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 API server (s3proxy, in this JVM) on a free port of 127.0.0.1, over an in-memory store
 * that outlives {@link #stop()}: {@link #start()} again serves the same objects on the same port, as
 * a store back from an outage does.
 */
public final class S3TestServer implements AutoCloseable {
    public static final String ACCESS_KEY = "tideway-access";
    /** Distinctive, so that tests can check it never appears in messages. */
    public static final String SECRET_KEY = "Sx9-SECRET-never-printed-4711";

    private final BlobStore store = BlobStores.create("transient", new Properties());
    private final int port;
    private S3Proxy proxy;

    private S3TestServer(int port) {
        this.port = port;
    }

    /** A started server on a free port. */
    public static S3TestServer start(String... buckets) throws Exception {
        S3TestServer server = new S3TestServer(freePort());
        server.start();
        try (S3Client client = server.client()) {
            for (String bucket : buckets) {
                client.createBucket(b -> b.bucket(bucket));
            }
        }
        return server;
    }

    public synchronized void start() throws Exception {
        proxy = S3Proxy.builder()
                .blobStore(store)
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .endpoint(uri())
                .ignoreUnknownHeaders(true)
                .build();
        proxy.start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("s3proxy did not start on port " + port + ": " + proxy.getState());
            }
            Thread.sleep(10);
        }
    }

    public synchronized void stop() throws Exception {
        if (proxy != null) {
            proxy.stop();
            proxy = null;
        }
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Settings for a bucket of this server, with short retries so that failing tests fail fast. */
    public S3Settings settings(String bucket) {
        return S3Settings.of(bucket).withEndpoint(uri()).withRegion("us-east-1").withCredentials(ACCESS_KEY, SECRET_KEY)
                .withRetry(Retry.defaults().withDelays(Duration.ofMillis(50), Duration.ofMillis(500))
                        .withDeadline(Duration.ofSeconds(5)));
    }

    /** A plain client with the SDK's own retries, for tests to set up objects. */
    public S3Client client() {
        return S3Client.builder().endpointOverride(uri()).forcePathStyle(true).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .httpClientBuilder(ApacheHttpClient.builder())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .build();
    }

    @Override
    public void close() throws Exception {
        stop();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
