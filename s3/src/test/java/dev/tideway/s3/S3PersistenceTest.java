package dev.tideway.persistence;

import dev.tideway.testing.S3TestServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

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
    Backend backend(String root, Duration retryFor) {
        return Backend.s3(root, server.settings("state").withRetry(Retry.defaults().withMaxAttempts(100)
                .withDelays(Duration.ofMillis(100), Duration.ofSeconds(1)).withDeadline(retryFor))
                .withLeaseDuration(LEASE));
    }

    @Override
    void storeDown() throws Exception {
        server.stop();
    }

    @Override
    void storeUp() throws Exception {
        server.start();
    }
}
