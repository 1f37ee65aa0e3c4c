package dev.tideway.s3;

import dev.tideway.s3.testing.S3TestServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import dev.tideway.contract.CloudPersistenceTest;
import dev.tideway.persistence.Backend;
import dev.tideway.persistence.Retry;

/** Persisted runs with their state in S3 (s3proxy); the outage stops and restarts the server. */
@Tag("slow")
class S3PersistenceTest extends CloudPersistenceTest {
    private static S3TestServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3TestServer.start("state");
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @Override
    protected Backend backend(String root, Duration retryFor) {
        return S3Storage.backend(root, server.settings("state").withRetry(Retry.defaults().withMaxAttempts(100)
                .withDelays(Duration.ofMillis(100), Duration.ofSeconds(1)).withDeadline(retryFor))
                .withLeaseDuration(LEASE));
    }

    @Override
    protected void storeDown() throws Exception {
        server.stop();
    }

    @Override
    protected void storeUp() throws Exception {
        server.start();
    }
}
