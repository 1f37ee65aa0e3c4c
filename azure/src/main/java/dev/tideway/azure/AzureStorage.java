package dev.tideway.azure;

import dev.tideway.internal.azure.AzureBackend;
import dev.tideway.persistence.Backend;

/**
 * State on Azure Blob Storage: the backend of this artifact, tideway-azure, on the Azure SDK.
 * {@code Backend.at("azure://CONTAINER/PREFIX")} opens the same backend from a location string and
 * {@code AZURE_STORAGE_CONNECTION_STRING}.
 *
 * <pre>{@code
 * Tideway.run(PersistenceConfig.of(AzureStorage.backend("wordcount",
 *         AzureSettings.accountKey("myaccount", System.getenv("AZURE_STORAGE_KEY"), "state"))));
 * }</pre>
 */
public final class AzureStorage {
    private AzureStorage() {}

    /**
     * A backend under the prefix {@code rootPath} of the container of {@code settings}, which is
     * created if missing: like S3's, a conditional create for the metadata, a lease object for the
     * lock, retries of transient failures. Thread-safe.
     *
     * @throws dev.tideway.persistence.PersistenceException if the container cannot be created or
     *     reached (after the retries), or the connection string is invalid
     */
    public static Backend backend(String rootPath, AzureSettings settings) {
        return AzureBackend.of(rootPath, settings);
    }
}
