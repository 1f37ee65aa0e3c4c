package dev.tideway.internal.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tideway.persistence.Backend;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotStoreTest {
    @TempDir
    Path root;

    private Backend backend;
    private SnapshotStore store;

    @BeforeEach
    void open() {
        backend = Backend.filesystem(root);
        store = new SnapshotStore(backend);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aSnapshotRoundTripsThroughImmutableObjects() {
        byte[] big = new byte[3 * 1024 * 1024];
        new Random(7).nextBytes(big);
        store.write(5, Map.of("count-by-word", bytes("counts"), "join.index", big, "empty", new byte[0]));
        assertThat(root.resolve("snapshots/00000000000000000005/count-by-word")).isRegularFile();

        SnapshotStore restarted = new SnapshotStore(Backend.filesystem(root));
        Map<String, byte[]> all = restarted.read(5);
        assertThat(all).containsOnlyKeys("count-by-word", "join.index", "empty");
        assertThat(all.get("join.index")).isEqualTo(big);
        assertThat(all.get("empty")).isEmpty();
        Map<String, byte[]> named = restarted.read(5, List.of("count-by-word"));
        assertThat(named.get("count-by-word")).isEqualTo(bytes("counts"));
    }

    @Test
    void aCorruptObjectIsReportedWithItsNameAndSnapshot() throws Exception {
        store.write(3, Map.of("counts", bytes("some state bytes")));
        Path file = root.resolve("snapshots/00000000000000000003/counts");
        byte[] data = Files.readAllBytes(file);
        data[data.length - 3] ^= 1;
        Files.write(file, data);
        assertThatThrownBy(() -> store.read(3, List.of("counts")))
                .isInstanceOf(DamagedObjectException.class)
                .hasMessageContaining("snapshot 3")
                .hasMessageContaining("snapshots/00000000000000000003/counts")
                .hasMessageContaining(root.toString())
                .satisfies(e -> assertThat(((DamagedObjectException) e).objectName())
                        .isEqualTo("snapshots/00000000000000000003/counts"));
    }

    @Test
    void aTruncatedObjectIsReported() throws Exception {
        store.write(3, Map.of("counts", bytes("some state bytes")));
        Path file = root.resolve("snapshots/00000000000000000003/counts");
        byte[] data = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(data, data.length - 1));
        assertThatThrownBy(() -> store.read(3)).isInstanceOf(DamagedObjectException.class).hasMessageContaining("runs past the end");
    }

    @Test
    void aMissingStateIsReported() {
        store.write(3, Map.of("counts", bytes("x")));
        assertThatThrownBy(() -> store.read(3, List.of("counts", "dedup")))
                .isInstanceOf(DamagedObjectException.class)
                .hasMessageContaining("\"dedup\"")
                .hasMessageContaining("missing");
    }

    @Test
    void oldAndAbandonedSnapshotsAreDeleted() {
        for (long id = 1; id <= 4; id++) {
            store.write(id, Map.of("a", bytes("a" + id), "b", bytes("b" + id)));
        }
        assertThat(store.ids()).containsExactly(1L, 2L, 3L, 4L);
        assertThat(store.deleteOlderThan(3)).isEqualTo(2);
        assertThat(store.deleteNewerThan(3)).isEqualTo(1);
        assertThat(store.ids()).containsExactly(3L);
        assertThat(backend.list("")).containsExactly("snapshots/00000000000000000003/a", "snapshots/00000000000000000003/b");
        assertThat(root.resolve("snapshots/00000000000000000001")).doesNotExist();
    }

    @Test
    void invalidStateNamesAreRefusedBeforeAnythingIsWritten() {
        assertThatThrownBy(() -> store.write(1, Map.of("ok", bytes("x"), "../escape", bytes("y"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("operator state name");
        assertThat(backend.list("")).isEmpty();
    }
}
