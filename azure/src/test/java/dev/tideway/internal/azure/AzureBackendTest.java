package dev.tideway.internal.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tideway.azure.AzureSettings;
import dev.tideway.azure.AzureStorage;
import dev.tideway.persistence.Backend;
import dev.tideway.persistence.PersistenceException;
import dev.tideway.azure.testing.AzuriteServer;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.tideway.contract.BackendContractTest;

/** The backend contract on Azure Blob Storage (Azurite), plus what only this store has. */
@Tag("slow")
class AzureBackendTest extends BackendContractTest {
    private static final String CONTAINER = "tideway-test";
    private static AzuriteServer azurite;
    private static int count;

    @BeforeAll
    static void startAzurite(@TempDir Path data) throws Exception {
        azurite = AzuriteServer.start(data);
    }

    @AfterAll
    static void stopAzurite() throws Exception {
        azurite.close();
    }

    @Override
    protected Backend backend() {
        return AzureStorage.backend("runs/state-" + count++, azurite.settings(CONTAINER));
    }

    @Override
    protected Backend sameLocation(Backend backend) {
        String root = backend.describe().replaceAll(" at .*", "").substring(("azure://" + AzuriteServer.ACCOUNT + "/"
                + CONTAINER + "/").length());
        return AzureStorage.backend(root, azurite.settings(CONTAINER));
    }

    @Test
    void theContainerIsCreatedAndDescribeHasNoKey() {
        Backend backend = AzureStorage.backend("a/b", azurite.settings("created-here"));
        backend.put("x", new byte[] {1});
        assertThat(backend.list("")).containsExactly("x");
        assertThat(backend.describe()).startsWith("azure://" + AzuriteServer.ACCOUNT + "/created-here/a/b at http://127.0.0.1:")
                .doesNotContain(AzuriteServer.KEY);
    }

    @Test
    void largeBlobsAreUploadedInBlocksAndReadBackWhole() {
        Backend backend = backend();
        byte[] data = new byte[(17 << 20) + 3];
        new Random(3).nextBytes(data);
        backend.put("snapshots/1/big", data);
        assertThat(backend.get("snapshots/1/big").orElseThrow()).isEqualTo(data);
        assertThat(backend.putIfAbsent("snapshots/1/big", new byte[1])).isFalse();
    }

    @Test
    void aWrongKeyFailsClearlyWithoutTheKey() {
        String wrong = azurite.connectionString().replace(AzuriteServer.KEY.substring(0, 10), "AAAAAAAAAA");
        assertThatThrownBy(() -> AzureStorage.backend("denied", AzureSettings.connectionString(wrong, CONTAINER)
                .withRetry(AzuriteServer.SHORT_RETRY)).put("x", new byte[1]))
                .isInstanceOf(PersistenceException.class)
                .hasMessageContaining("azure://" + AzuriteServer.ACCOUNT)
                .satisfies(e -> assertThat(stackTraceOf(e)).doesNotContain(AzuriteServer.KEY)
                        .doesNotContain(wrong.substring(wrong.indexOf("AccountKey=") + 11, wrong.indexOf("AccountKey=") + 40)));
    }
}
