package dev.tideway.internal.azure;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tideway.persistence.Backend;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code azure://} locations reach tideway-azure's provider through {@link Backend#at}. Opening one
 * creates its container, so the whole path runs against Azurite in AzurePersistenceTest and the
 * samples' WordCountAzureKillTest; here, what the provider refuses before reaching the store.
 */
class AzureBackendProviderTest {
    @Test
    void anAzureLocationNeedsTheConnectionString() {
        assertThatThrownBy(() -> Backend.at("azure://state/wordcount", Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Azure container state needs AZURE_STORAGE_CONNECTION_STRING: set it to the connection string"
                        + " of the storage account");
    }

    @Test
    void aLocationWithoutAContainerSaysTheForm() {
        assertThatThrownBy(() -> Backend.at("azure:///wordcount", Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("state location azure:///wordcount names no container: it must have the form"
                        + " azure://CONTAINER/PREFIX");
    }

    @Test
    void anInvalidContainerNameIsRefusedWithTheRule() {
        assertThatThrownBy(() -> Backend.at("azure://State_1/wordcount", Map.of("AZURE_STORAGE_CONNECTION_STRING", "AccountName=a;AccountKey=k")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid Azure container name \"State_1\"");
    }
}
