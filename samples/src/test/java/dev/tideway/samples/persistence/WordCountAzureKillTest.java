package dev.tideway.samples.persistence;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.ListBlobsOptions;
import dev.tideway.azure.testing.AzuriteServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SIGKILL loop with the state in Azure Blob Storage: Azurite in a process of its own, reached by
 * the children through {@code AZURE_STORAGE_CONNECTION_STRING}. Only the children are killed, never
 * Azurite (which would lose acknowledged writes, unlike Azure).
 */
class WordCountAzureKillTest extends WordCountObjectStoreKillTest {
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
    List<String> stateArgs(String prefix) {
        return List.of("--state", "azure://state/" + prefix);
    }

    @Override
    Map<String, String> storeEnvironment() {
        return Map.of("AZURE_STORAGE_CONNECTION_STRING", azurite.connectionString());
    }

    @Override
    List<String> secrets() {
        return List.of(AzuriteServer.KEY);
    }

    @Override
    Map<String, byte[]> stateObjects(String prefix) {
        BlobContainerClient container = new BlobServiceClientBuilder().connectionString(azurite.connectionString())
                .buildClient().getBlobContainerClient("state");
        Map<String, byte[]> objects = new TreeMap<>();
        container.listBlobs(new ListBlobsOptions().setPrefix(prefix + "/"), null).forEach(blob -> objects.put(
                blob.getName(), container.getBlobClient(blob.getName()).downloadContent().toBytes()));
        return objects;
    }

    @Override
    List<String> inheritedPrefixes() {
        return List.of("AZURE_");
    }
}
