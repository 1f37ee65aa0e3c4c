package dev.tideway.internal.azure;

import dev.tideway.azure.AzureSettings;
import dev.tideway.persistence.Backend;
import dev.tideway.spi.BackendProvider;
import dev.tideway.spi.ObjectStoreLocation;
import java.util.Map;

/**
 * Opens {@code azure://CONTAINER/PREFIX} for {@link Backend#at}: the account from
 * {@code AZURE_STORAGE_CONNECTION_STRING}, the lease from {@code TIDEWAY_LEASE_SECONDS} and
 * {@code TIDEWAY_LEASE_WAIT_SECONDS}.
 */
public final class AzureBackendProvider implements BackendProvider {
    @Override
    public String scheme() {
        return "azure";
    }

    @Override
    public Backend open(String location, Map<String, String> environment) {
        ObjectStoreLocation at = ObjectStoreLocation.parse(location, "azure", "CONTAINER", environment);
        AzureSettings settings = AzureSettings.fromEnvironment(at.container(), environment);
        if (at.leaseDuration().isPresent()) {
            settings = settings.withLeaseDuration(at.leaseDuration().get());
        }
        if (at.maxLeaseWait().isPresent()) {
            settings = settings.withMaxLeaseWait(at.maxLeaseWait().get());
        }
        return AzureBackend.of(at.prefix(), settings);
    }
}
