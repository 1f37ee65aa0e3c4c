package dev.tideway.samples.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tideway.Reducers;
import dev.tideway.RunConfig;
import dev.tideway.Table;
import dev.tideway.Tideway;
import dev.tideway.spi.Connectors;
import dev.tideway.io.csv.CsvReadOptions;
import dev.tideway.internal.io.csv.CsvSource;
import dev.tideway.io.jsonlines.JsonLines;
import dev.tideway.persistence.Backend;
import dev.tideway.persistence.PersistenceConfig;
import dev.tideway.persistence.PersistenceException;
import dev.tideway.samples.inspect.InspectCommand;
import dev.tideway.samples.persistence.Rows.Word;
import dev.tideway.samples.persistence.Rows.WordCount;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A state kept in two storages, as Pathway's metadata and snapshot storages: the metadata (and the
 * lock) in one folder, the data in another; restarts continue; a pair that does not belong together
 * is refused before anything changes; the inspector reads both.
 */
class TwoStoragesTest {
    @TempDir
    Path work;

    private Path metadata() {
        return work.resolve("metadata");
    }

    private Path snapshots() {
        return work.resolve("snapshots");
    }

    private PersistenceConfig config(Path metadata, Path snapshots) {
        return PersistenceConfig.of(Backend.filesystem(metadata), Backend.filesystem(snapshots));
    }

    /** The word count over in/, written to counts.jsonl; what its source read and what it emitted. */
    private record Run(StateFiles.Counting<Word> source, ChangeList<WordCount> changes) {}

    private Run run(PersistenceConfig config) throws Exception {
        StateFiles.Counting<Word> source = new StateFiles.Counting<>(new CsvSource<>(work.resolve("in"), Rows_Word_.SCHEMA,
                CsvReadOptions.defaults().withStreaming(false)));
        Table<WordCount> counts = Connectors.source(source, "words").groupBy(Rows_Word_.word)
                .reduce(Rows_WordCount_.of(Rows_Word_.word, Reducers.count()));
        ChangeList<WordCount> changes = new ChangeList<>("counts");
        Connectors.sink(counts, changes);
        JsonLines.write(counts, work.resolve("counts.jsonl"));
        Tideway.run(RunConfig.defaults().withHandleSignals(false).withPersistence(config.withSnapshotIntervalMs(0)));
        return new Run(source, changes);
    }

    private void file(String name, String... words) throws Exception {
        StateFiles.write(work.resolve("in").resolve(name), "word\n" + String.join("\n", words) + "\n");
    }

    @Test
    void theMetadataAndTheDataLiveInTheirOwnStoragesAndARestartContinues() throws Exception {
        file("1.csv", "x", "y");
        Run first = run(config(metadata(), snapshots()));
        assertThat(first.changes().changes()).containsExactlyInAnyOrder("+ WordCount[word=x, count=1]", "+ WordCount[word=y, count=1]");
        assertThat(StateFiles.files(metadata())).as("only metadata").isNotEmpty()
                .allMatch(f -> f.startsWith("metadata/") || f.equals("paired-snapshot-storage-id") || f.equals(".lock"));
        assertThat(StateFiles.files(snapshots())).as("the data").anyMatch(f -> f.startsWith("snapshots/"))
                .noneMatch(f -> f.startsWith("metadata/")).contains("snapshot-storage-id");

        file("2.csv", "x");
        Run second = run(config(metadata(), snapshots()));
        assertThat(second.source().units()).containsExactly("2.csv");
        assertThat(second.changes().changes()).containsExactly("- WordCount[word=x, count=1]", "+ WordCount[word=x, count=2]");
        assertThat(StateFiles.consolidate(work.resolve("counts.jsonl")))
                .containsExactlyInAnyOrder("{\"word\":\"x\",\"count\":2}", "{\"word\":\"y\",\"count\":1}");
    }

    @Test
    void metadataGivenAnotherOrAnEmptySnapshotStorageAreRefusedBeforeAnythingChanges() throws Exception {
        file("1.csv", "x", "y");
        Path otherMetadata = work.resolve("other-metadata");
        Path otherSnapshots = work.resolve("other-snapshots");
        run(config(otherMetadata, otherSnapshots));
        run(config(metadata(), snapshots()));
        file("2.csv", "x");
        Map<String, String> metadataBefore = StateFiles.digest(metadata());
        String outputBefore = java.nio.file.Files.readString(work.resolve("counts.jsonl"));

        Path empty = work.resolve("elsewhere");
        assertThatThrownBy(() -> run(config(metadata(), empty)))
                .isInstanceOf(PersistenceException.class)
                .hasMessageContaining("the metadata at " + metadata() + " were written with the snapshot storage ")
                .hasMessageContaining(empty + " holds no snapshot storage")
                .hasMessageContaining("its snapshots and log are missing for these metadata")
                .hasMessageContaining("Give the snapshot location these metadata were written with");
        assertThat(StateFiles.digest(metadata())).as("the metadata are untouched").isEqualTo(metadataBefore);
        assertThat(StateFiles.files(empty)).as("nothing written to the wrong snapshot storage").isEmpty();

        // another state's data with these metadata: the same refusal, naming the other storage
        assertThatThrownBy(() -> run(config(metadata(), otherSnapshots)))
                .isInstanceOf(PersistenceException.class)
                .hasMessageContaining(otherSnapshots + " is the snapshot storage ");
        // and fresh metadata with data that other metadata name
        assertThatThrownBy(() -> run(config(work.resolve("fresh-metadata"), snapshots())))
                .isInstanceOf(PersistenceException.class)
                .hasMessageContaining("belongs to other metadata than those at " + work.resolve("fresh-metadata"));
        assertThat(StateFiles.digest(metadata())).isEqualTo(metadataBefore);
        assertThat(java.nio.file.Files.readString(work.resolve("counts.jsonl"))).as("the output is untouched").isEqualTo(outputBefore);

        Run right = run(config(metadata(), snapshots()));
        assertThat(right.source().units()).as("the right pair still continues").containsExactly("2.csv");
    }

    @Test
    void theInspectorReadsBothStoragesAndVerifiesThatTheyBelongTogether() throws Exception {
        file("1.csv", "x", "y");
        run(config(metadata(), snapshots()));

        String[] healthy = inspect("--state", metadata().toString(), "--snapshot-state", snapshots().toString(), "--verify", "true");
        assertThat(healthy[0]).isEqualTo("0");
        assertThat(healthy[1]).contains("state location: " + metadata(), "snapshot location: " + snapshots(), "  words",
                "read from: csv:").containsPattern("snapshot: \\d+, \\d+ bytes").contains("verify: every checksum matches");

        Path empty = work.resolve("empty");
        java.nio.file.Files.createDirectories(empty);
        String[] mismatched = inspect("--state", metadata().toString(), "--snapshot-state", empty.toString(), "--verify", "true");
        assertThat(mismatched[0]).isEqualTo("1");
        assertThat(mismatched[1]).contains("paired-snapshot-storage-id: the metadata at " + metadata());
    }

    private static String[] inspect(String... args) {
        PrintStream out = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int code;
        try (PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            code = InspectCommand.run(List.of(args));
        } finally {
            System.setOut(out);
        }
        return new String[] {Integer.toString(code), buffer.toString(StandardCharsets.UTF_8)};
    }
}
