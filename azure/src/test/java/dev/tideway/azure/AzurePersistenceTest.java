package dev.tideway.azure;

import dev.tideway.azure.testing.AzuriteServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import dev.tideway.contract.CloudPersistenceTest;
import dev.tideway.persistence.Backend;
import dev.tideway.persistence.Retry;

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
    protected Backend backend(String root, Duration retryFor) {
        return AzureStorage.backend(root, azurite.settings("state")
                .withRetry(Retry.defaults().withMaxAttempts(100).withDelays(Duration.ofMillis(100), Duration.ofSeconds(1))
                        .withDeadline(retryFor)).withLeaseDuration(LEASE));
    }

    /**
     * Stops Azurite with SIGTERM: it keeps its blob index in memory and saves it only every few
     * seconds and on exit, so a SIGKILL would lose writes it had acknowledged, unlike Azure itself.
     */
    @Override
    protected void storeDown() throws Exception {
        azurite.close();
    }

    @Override
    protected void storeUp() throws Exception {
        azurite.start();
    }
}
