package dev.tideway.persistence;

import dev.tideway.internal.azure.AzureBackend;
import dev.tideway.testing.AzuriteServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;

/** Persisted runs with their state in Azure Blob Storage (Azurite); the outage stops its process. */
@Tag("slow")
class AzurePersistenceTest extends CloudPersistenceTest {
    private static AzuriteServer azurite;

    @BeforeAll
    static void startAzurite(@TempDir Path data) throws Exception {
        azurite = AzuriteServer.start(data);
    }

    @AfterAll
    static void stopAzurite() throws Exception {
        azurite.close();
    }

    @Override
    Backend backend(String root, Duration retryFor) {
        return AzureBackend.withConnectionString(root, azurite.connectionString(), "state", AzureBackend.Options.defaults()
                .withRetry(Retry.defaults().withMaxAttempts(100).withDelays(Duration.ofMillis(100), Duration.ofSeconds(1))
                        .withDeadline(retryFor)).withLeaseDuration(LEASE));
    }

    /**
     * Stops Azurite with SIGTERM: it keeps its blob index in memory and saves it only every few
     * seconds and on exit, so a SIGKILL would lose writes it had acknowledged, unlike Azure itself.
     */
    @Override
    void storeDown() throws Exception {
        azurite.close();
    }

    @Override
    void storeUp() throws Exception {
        azurite.start();
    }
}
