package dev.tideway.internal.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tideway.persistence.Backend;
import dev.tideway.persistence.PersistenceException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetadataStoreTest {
    @TempDir
    Path root;

    private Backend backend;

    @BeforeEach
    void open() {
        backend = Backend.filesystem(root);
    }

    private static Checkpoint checkpoint(long generation) {
        return new Checkpoint(generation, 1_700_000_000_000L + generation, generation - 1, generation * 10,
                Map.of("words", new SourceCheckpoint("Word(text: string, \"ünïcode\")", "9f3a0c", new byte[] {0, 1, (byte) 0xFF, (byte) generation}),
                        "lines.v2", new SourceCheckpoint("Line(n: long)", "77", new byte[0])),
                Map.of("out", 1024L * generation, "audit log", 0L),
                Map.of("count-by-word", "c41d", "dedup", "v2"));
    }

    private Path file(long generation) {
        return root.resolve(MetadataStore.objectName(generation));
    }

    @Test
    void aFirstRunHasNoCheckpoint() {
        MetadataStore metadata = new MetadataStore(backend);
        assertThat(metadata.latest()).isEmpty();
        assertThat(metadata.nextGeneration()).isEqualTo(1);
    }

    @Test
    void aCheckpointRoundTripsThroughReadableText() throws Exception {
        new MetadataStore(backend).commit(checkpoint(1));
        assertThat(new MetadataStore(Backend.filesystem(root)).latest()).contains(checkpoint(1));

        String text = Files.readString(file(1), StandardCharsets.UTF_8);
        assertThat(text).startsWith("tideway-checkpoint 1 crc32c=")
                .contains("\"generation\" : 1")
                .contains("\"walSequence\" : 10")
                .contains("\"words\"")
                .contains("ünïcode")
                .contains("\"offsets\" : \"AAH/AQ==\"")
                .contains("\"audit log\" : 0");
    }

    @Test
    void noSnapshotAndEmptyMapsRoundTrip() {
        Checkpoint empty = new Checkpoint(1, 0, Checkpoint.NO_SNAPSHOT, -1, Map.of(), Map.of(), Map.of());
        new MetadataStore(backend).commit(empty);
        Checkpoint back = new MetadataStore(backend).latest().orElseThrow();
        assertThat(back).isEqualTo(empty);
        assertThat(back.hasSnapshot()).isFalse();
    }

    @Test
    void theNewestTwoGenerationsAreKept() {
        MetadataStore metadata = new MetadataStore(backend);
        for (long generation = 1; generation <= 5; generation++) {
            metadata.commit(checkpoint(generation));
        }
        assertThat(backend.list("metadata/")).containsExactly(MetadataStore.objectName(4), MetadataStore.objectName(5));
        MetadataStore restarted = new MetadataStore(backend);
        assertThat(restarted.latest()).contains(checkpoint(5));
        assertThat(restarted.nextGeneration()).isEqualTo(6);
    }

    @Test
    void aDamagedNewestGenerationFallsBackToThePreviousOne() throws Exception {
        MetadataStore metadata = new MetadataStore(backend);
        metadata.commit(checkpoint(1));
        metadata.commit(checkpoint(2));
        byte[] data = Files.readAllBytes(file(2));
        data[data.length - 10] ^= 0x01;
        Files.write(file(2), data);

        MetadataStore restarted = new MetadataStore(backend);
        assertThat(restarted.latest()).contains(checkpoint(1));
        assertThat(restarted.nextGeneration()).isEqualTo(3);
        restarted.commit(checkpoint(3));
        // the damaged generation is garbage now; the previous good one stays beside the new one
        assertThat(backend.list("metadata/")).containsExactly(MetadataStore.objectName(1), MetadataStore.objectName(3));
        assertThat(new MetadataStore(backend).latest()).contains(checkpoint(3));
    }

    @Test
    void aTornNewestGenerationFallsBackAtEveryLength() throws Exception {
        MetadataStore metadata = new MetadataStore(backend);
        metadata.commit(checkpoint(1));
        metadata.commit(checkpoint(2));
        byte[] data = Files.readAllBytes(file(2));
        for (int length = 0; length < data.length; length++) {
            Files.write(file(2), Arrays.copyOf(data, length));
            assertThat(new MetadataStore(backend).latest()).as("length %d", length).contains(checkpoint(1));
        }
    }

    @Test
    void whenEveryGenerationIsDamagedTheErrorNamesThemAndTheLocation() throws Exception {
        new MetadataStore(backend).commit(checkpoint(1));
        Files.writeString(file(1), "garbage");
        assertThatThrownBy(() -> new MetadataStore(backend).latest())
                .isInstanceOf(PersistenceException.class)
                .hasMessageContaining(root.toString())
                .hasMessageContaining(MetadataStore.objectName(1))
                .hasMessageContaining("backup");
    }

    @Test
    void aSecondWriterOnTheSameGenerationIsRefused() {
        MetadataStore first = new MetadataStore(backend);
        MetadataStore second = new MetadataStore(Backend.filesystem(root));
        first.commit(checkpoint(1));
        assertThat(first.latest()).isPresent();
        assertThat(second.latest()).isPresent();
        first.commit(checkpoint(first.nextGeneration()));
        assertThatThrownBy(() -> second.commit(checkpoint(2)))
                .isInstanceOf(PersistenceException.class)
                .hasMessageContaining(MetadataStore.objectName(2))
                .hasMessageContaining(root.toString())
                .hasMessageContaining("another process");
        assertThat(new MetadataStore(backend).latest()).contains(checkpoint(2));
    }

    @Test
    void ofManyConcurrentWritersOfOneGenerationExactlyOneWins() throws Exception {
        new MetadataStore(backend).commit(checkpoint(1));
        int writers = 6;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                MetadataStore store = new MetadataStore(Backend.filesystem(root));
                store.latest();
                results.add(pool.submit(() -> {
                    start.await();
                    try {
                        store.commit(checkpoint(2));
                        return true;
                    } catch (PersistenceException e) {
                        return false;
                    }
                }));
            }
            start.countDown();
            int winners = 0;
            for (Future<Boolean> result : results) {
                winners += result.get(30, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(new MetadataStore(backend).latest()).contains(checkpoint(2));
    }

    @Test
    void generationsMustGrow() {
        MetadataStore metadata = new MetadataStore(backend);
        metadata.commit(checkpoint(3));
        assertThatThrownBy(() -> metadata.commit(checkpoint(2)))
                .isInstanceOf(PersistenceException.class)
                .hasMessageContaining("not above");
    }

    @Test
    void aNewerFormatIsRefusedWithAClearMessage() {
        byte[] body = "{}\n".getBytes(StandardCharsets.UTF_8);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(body);
        String text = "tideway-checkpoint 2 crc32c=" + String.format("%08x", crc.getValue()) + "\n{}\n";
        backend.put(MetadataStore.objectName(1), text.getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> new MetadataStore(backend).latest())
                .isInstanceOf(PersistenceException.class)
                .isNotInstanceOf(DamagedObjectException.class)
                .hasMessageContaining("format 2");
    }

    @Test
    void unknownFieldsAreSkipped() {
        byte[] encoded = CheckpointCodec.encode(checkpoint(1));
        String text = new String(encoded, StandardCharsets.UTF_8);
        String body = text.substring(text.indexOf('\n') + 1).replaceFirst("\\{", "{ \"addedLater\" : { \"x\" : [1, 2] },");
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(body.getBytes(StandardCharsets.UTF_8));
        String rewritten = "tideway-checkpoint 1 crc32c=" + String.format("%08x", crc.getValue()) + "\n" + body;
        assertThat(CheckpointCodec.decode(rewritten.getBytes(StandardCharsets.UTF_8), "m", "loc")).isEqualTo(checkpoint(1));
    }

    @Test
    void aCheckpointRefusesInvalidValues() {
        assertThatThrownBy(() -> new Checkpoint(1, 0, -2, 0, Map.of(), Map.of(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Checkpoint(1, 0, -1, 0, Map.of("../x", new SourceCheckpoint("s", "f", new byte[0])),
                Map.of(), Map.of())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("source id");
        assertThatThrownBy(() -> new Checkpoint(1, 0, -1, 0, Map.of(), Map.of("out", -1L), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"out\"");
    }
}
