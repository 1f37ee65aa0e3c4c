package dev.tideway.internal.s3;

import dev.tideway.persistence.Backend;
import dev.tideway.s3.S3Settings;
import dev.tideway.spi.BackendProvider;
import dev.tideway.spi.ObjectStoreLocation;
import dev.tideway.spi.Redaction;
import java.util.Map;

/**
 * Opens {@code s3://BUCKET/PREFIX} for {@link Backend#at}: the bucket's settings from the
 * environment ({@link S3Settings#fromEnvironment(String, Map)}), the lease from
 * {@code TIDEWAY_LEASE_SECONDS} and {@code TIDEWAY_LEASE_WAIT_SECONDS}.
 */
public final class S3BackendProvider implements BackendProvider {
    @Override
    public String scheme() {
        return "s3";
    }

    @Override
    public Backend open(String location, Map<String, String> environment) {
        ObjectStoreLocation at = ObjectStoreLocation.parse(location, "s3", "BUCKET", environment);
        S3Settings settings = S3Settings.fromEnvironment(at.container(), environment);
        // the SDK reads these itself; registered so that no message of this process can show them
        Redaction.register(environment.get("AWS_SECRET_ACCESS_KEY"));
        Redaction.register(environment.get("AWS_SESSION_TOKEN"));
        if (at.leaseDuration().isPresent()) {
            settings = settings.withLeaseDuration(at.leaseDuration().get());
        }
        if (at.maxLeaseWait().isPresent()) {
            settings = settings.withMaxLeaseWait(at.maxLeaseWait().get());
        }
        return new S3Backend(at.prefix(), settings);
    }
}
