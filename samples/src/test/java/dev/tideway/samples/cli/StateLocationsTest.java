package dev.tideway.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tideway.persistence.Backend;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateLocationsTest {
    @TempDir
    Path dir;

    @Test
    void aPathIsAFolder() {
        Backend backend = StateLocations.parse(dir.resolve("state").toString(), Map.of());
        assertThat(backend.describe()).isEqualTo(dir.resolve("state").toString());
    }

    @Test
    void s3TakesTheEndpointFromTheEnvironment() {
        Backend backend = StateLocations.parse("s3://my-bucket/runs/wordcount",
                Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:9000", "AWS_REGION", "eu-west-1"));
        assertThat(backend.describe()).isEqualTo("s3://my-bucket/runs/wordcount at http://127.0.0.1:9000");
    }

    @Test
    void azureNeedsTheConnectionString() {
        assertThatThrownBy(() -> StateLocations.parse("azure://state/wordcount", Map.of()))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("AZURE_STORAGE_CONNECTION_STRING");
    }

    @Test
    void theLeaseDurationComesFromTheEnvironmentAndMustBeWholeSeconds() {
        Backend backend = StateLocations.parse("s3://my-bucket/wordcount",
                Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:9000", "AWS_REGION", "eu-west-1", "TIDEWAY_LEASE_SECONDS", "2"));
        assertThat(backend.describe()).isEqualTo("s3://my-bucket/wordcount at http://127.0.0.1:9000");
        for (String bad : new String[] {"0", "-3", "1.5", "two"}) {
            assertThatThrownBy(() -> StateLocations.parse("s3://my-bucket/wordcount",
                    Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:9000", "TIDEWAY_LEASE_SECONDS", bad)))
                    .isInstanceOf(UsageException.class)
                    .hasMessage("TIDEWAY_LEASE_SECONDS must be a whole number of seconds, at least 1, not \"" + bad + "\"");
        }
    }

    @Test
    void theMaximumLeaseWaitComesFromTheEnvironmentAndMayBeZero() {
        for (String good : new String[] {"0", "45"}) {
            Backend backend = StateLocations.parse("s3://my-bucket/wordcount",
                    Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:9000", "AWS_REGION", "eu-west-1", "TIDEWAY_LEASE_WAIT_SECONDS", good));
            assertThat(backend.describe()).isEqualTo("s3://my-bucket/wordcount at http://127.0.0.1:9000");
        }
        for (String bad : new String[] {"-1", "0.5", "soon"}) {
            assertThatThrownBy(() -> StateLocations.parse("s3://my-bucket/wordcount",
                    Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:9000", "TIDEWAY_LEASE_WAIT_SECONDS", bad)))
                    .isInstanceOf(UsageException.class)
                    .hasMessage("TIDEWAY_LEASE_WAIT_SECONDS must be a whole number of seconds, at least 0, not \"" + bad + "\"");
        }
    }

    @Test
    void unknownSchemesAndMissingBucketsAreUsageErrors() {
        assertThatThrownBy(() -> StateLocations.parse("gs://b/p", Map.of())).isInstanceOf(UsageException.class)
                .hasMessageContaining("unknown scheme");
        assertThatThrownBy(() -> StateLocations.parse("s3:///p", Map.of())).isInstanceOf(UsageException.class)
                .hasMessageContaining("s3://BUCKET/PREFIX");
    }
}
