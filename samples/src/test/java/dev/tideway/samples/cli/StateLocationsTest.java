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
    void unknownSchemesAndMissingBucketsAreUsageErrors() {
        assertThatThrownBy(() -> StateLocations.parse("gs://b/p", Map.of())).isInstanceOf(UsageException.class)
                .hasMessageContaining("unknown scheme");
        assertThatThrownBy(() -> StateLocations.parse("s3:///p", Map.of())).isInstanceOf(UsageException.class)
                .hasMessageContaining("s3://BUCKET/PREFIX");
    }
}
