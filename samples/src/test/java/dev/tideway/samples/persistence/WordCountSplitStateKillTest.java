package dev.tideway.samples.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

/**
 * The SIGKILL loop with the state in two storages ({@code --state} and {@code --snapshot-state}):
 * the metadata and the lock in a local folder, the snapshots and the log in S3 (s3proxy). The lock
 * is the folder's, which the operating system frees when a child is killed, so every restart is
 * immediate there too; the contender is refused at once.
 */
class WordCountSplitStateKillTest extends WordCountS3KillTest {
    @Override
    List<String> stateArgs(String prefix) {
        return List.of("--state", work.resolve("metadata-" + prefix).toString(), "--snapshot-state", super.stateArgs(prefix).get(1));
    }

    @Override
    boolean leased() {
        return false;
    }

    @Override
    void checkLayout(String prefix, Map<String, byte[]> objects) {
        assertThat(objects.keySet()).as("the data on S3").anyMatch(key -> key.contains("/snapshots/"))
                .noneMatch(key -> key.contains("/metadata/"));
        assertThat(StateFiles.files(work.resolve("metadata-" + prefix))).as("the metadata in the folder")
                .anyMatch(f -> f.startsWith("metadata/")).noneMatch(f -> f.startsWith("log/") || f.startsWith("snapshots/"));
    }
}
