package dev.tideway.internal.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tideway.persistence.Backend;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code s3://} locations reach tideway-s3's provider through {@link Backend#at}; nothing is sent to the store. */
class S3BackendProviderTest {
    private static final Map<String, String> LOCAL = Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:9000", "AWS_REGION", "eu-west-1");

    @Test
    void anS3LocationOpensAnS3BackendConfiguredFromTheEnvironment() {
        Backend backend = Backend.at("s3://my-bucket/runs/wordcount", LOCAL);
        assertThat(backend).isInstanceOf(S3Backend.class);
        assertThat(backend.describe()).isEqualTo("s3://my-bucket/runs/wordcount at http://127.0.0.1:9000");
    }

    @Test
    void aLocationWithoutABucketSaysTheForm() {
        assertThatThrownBy(() -> Backend.at("s3:///wordcount", LOCAL))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("state location s3:///wordcount names no bucket: it must have the form s3://BUCKET/PREFIX");
    }

    @Test
    void aBadLeaseVariableIsNamed() {
        Map<String, String> environment = Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:9000", "TIDEWAY_LEASE_SECONDS", "soon");
        assertThatThrownBy(() -> Backend.at("s3://my-bucket/wordcount", environment))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("TIDEWAY_LEASE_SECONDS must be a whole number of seconds, at least 1, not \"soon\"");
    }
}
