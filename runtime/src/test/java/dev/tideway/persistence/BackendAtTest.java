package dev.tideway.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Backend#at}: folders here, other schemes through the {@code BackendProvider}s found by the
 * ServiceLoader. The runtime's test class path has neither tideway-s3 nor tideway-azure (nor any
 * cloud SDK), as a user's project without them.
 */
class BackendAtTest {
    @TempDir
    Path dir;

    @Test
    void aPathOrAFileUriIsAFolder() {
        Path state = dir.resolve("state");
        assertThat(Backend.at(state.toString(), Map.of()).describe()).isEqualTo(state.toString());
        assertThat(Backend.at(state.toUri().toString(), Map.of()).describe()).isEqualTo(state.toString());
    }

    @Test
    void aSchemeOfAProviderOnTheClassPathOpensThroughIt() {
        Map<String, String> environment = Map.of("TIDEWAY_LEASE_SECONDS", "5");
        Backend backend = Backend.at("recording://bucket/run-1", environment);
        assertThat(backend).isSameAs(RecordingBackendProvider.OPENED.get("recording://bucket/run-1"));
        assertThat(RecordingBackendProvider.ENVIRONMENTS.get("recording://bucket/run-1")).isEqualTo(environment);
        // the scheme is matched whatever its case, as URI schemes are
        assertThat(Backend.at("RECORDING://bucket/run-2", Map.of()))
                .isSameAs(RecordingBackendProvider.OPENED.get("RECORDING://bucket/run-2"));
    }

    @Test
    void s3WithoutTidewayS3NamesTheArtifactToAdd() {
        assertThatThrownBy(() -> Backend.at("s3://my-bucket/wordcount", Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("state location s3://my-bucket/wordcount needs the artifact dev.tideway:tideway-s3"
                        + " (module dev.tideway.s3), which opens s3:// locations; add it");
    }

    @Test
    void azureWithoutTidewayAzureNamesTheArtifactToAdd() {
        assertThatThrownBy(() -> Backend.at("azure://state/wordcount", Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("state location azure://state/wordcount needs the artifact dev.tideway:tideway-azure"
                        + " (module dev.tideway.azure), which opens azure:// locations; add it");
    }

    @Test
    void anUnknownSchemeListsTheKnownOnes() {
        assertThatThrownBy(() -> Backend.at("gs://bucket/wordcount", Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown scheme gs:// in state location gs://bucket/wordcount; give a folder,"
                        + " recording://...")
                .hasMessageContaining("a dev.tideway.spi.BackendProvider for gs://");
    }
}
