package dev.tideway.samples.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tideway.RunConfig;
import dev.tideway.Tideway;
import dev.tideway.spi.Connectors;
import dev.tideway.io.csv.Csv;
import dev.tideway.io.csv.CsvReadOptions;
import dev.tideway.io.push.PushSource;
import dev.tideway.persistence.Backend;
import dev.tideway.persistence.PersistenceConfig;
import dev.tideway.persistence.inspect.StateInspector;
import dev.tideway.samples.inspect.InspectCommand;
import dev.tideway.samples.persistence.Rows.Word;
import dev.tideway.samples.persistence.Rows.WordCount;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state inspector on a state with a snapshot (a static CSV source, "words") and a log tail (a
 * streaming push source, "events", whose run failed after two commits): what it describes, and what
 * verify finds on the healthy state and on a damaged one, changing nothing.
 */
class StateInspectorTest {
    @TempDir
    Path work;

    private Path state;

    @BeforeEach
    void recordAState() throws Exception {
        state = work.resolve("state");
        StateFiles.write(work.resolve("in/1.csv"), "word\nx\ny\n");
        words();
        PushSource<Word> events = PushSource.create(Rows_Word_.SCHEMA, "events");
        StreamingCrash.build(events, new StateFiles.Timed<WordCount>("counts"));
        events.close();
        Tideway.run(RunConfig.defaults().withHandleSignals(false).withPersistence(PersistenceConfig.of(Backend.filesystem(state))));
        StreamingCrash.run(state, List.of(List.of("a", "b"), List.of("a")), this::words);
    }

    private void words() {
        Connectors.sink(Csv.read(work.resolve("in"), Rows_Word_.SCHEMA, CsvReadOptions.defaults().withStreaming(false)
                .withPersistentId("words")), new ChangeList<>("words"));
    }

    private static String[] inspect(List<String> args) {
        PrintStream out = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int code;
        try (PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            code = InspectCommand.run(args);
        } finally {
            System.setOut(out);
        }
        return new String[] {Integer.toString(code), buffer.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void aHealthyStateIsDescribedAndVerified() throws Exception {
        Map<String, String> before = StateFiles.digest(state);
        String[] result = inspect(List.of("--state", state.toString(), "--verify", "true"));
        String text = result[1];
        assertThat(result[0]).isEqualTo("0");
        assertThat(text).contains("state location: ", "committed: generation ", "last committed time: ", "snapshot: ",
                "sources:", "  events", "  words", "schema: word string (fingerprint ", "read from: csv:",
                "log tail: 2 segment(s)", "operator states: op-", "pipeline version: ", "verify: every checksum matches");
        assertThat(text).doesNotContain("operator states: pipeline").doesNotContainPattern("operator states: .*pipeline");
        assertThat(text).containsPattern("snapshot: \\d+, \\d+ bytes");
        assertThat(text).containsPattern("last committed time: \\d{13} \\(20");
        assertThat(new StateInspector(Backend.filesystem(state)).verify()).isEmpty();
        assertThat(StateFiles.digest(state)).isEqualTo(before);
    }

    @Test
    void aDamagedStateIsReportedObjectByObjectAndLeftAsItIs() throws Exception {
        List<String> files = StateFiles.files(state);
        String snapshot = files.stream().filter(f -> f.startsWith("snapshots/")).findFirst().orElseThrow();
        List<String> segments = files.stream().filter(f -> f.startsWith("log/events/")).toList();
        assertThat(segments).hasSize(2);
        List<String> generations = files.stream().filter(f -> f.startsWith("metadata/")).sorted().toList();
        String generation = generations.get(generations.size() - 1);

        flip(state.resolve(snapshot));
        byte[] segment = Files.readAllBytes(state.resolve(segments.get(1)));
        Files.write(state.resolve(segments.get(1)), Arrays.copyOf(segment, segment.length - 3));
        flip(state.resolve(generation));
        Map<String, String> damaged = StateFiles.digest(state);

        List<String> damage = new StateInspector(Backend.filesystem(state)).verify();
        assertThat(damage).hasSize(3);
        assertThat(damage).anyMatch(line -> line.startsWith(snapshot + ": "))
                .anyMatch(line -> line.startsWith(segments.get(1) + ": ") && line.contains("bytes are intact"))
                .anyMatch(line -> line.startsWith(generation + ": "));

        String[] result = inspect(List.of("--state", state.toString(), "--verify", "true"));
        assertThat(result[0]).isEqualTo("1");
        assertThat(result[1]).contains("verify: 3 damaged object(s):", snapshot, segments.get(1), generation);
        assertThat(StateFiles.digest(state)).as("verify changes nothing").isEqualTo(damaged);
    }

    @Test
    void anEmptyLocationHasNoCommittedState() throws Exception {
        Files.createDirectories(work.resolve("empty"));
        String[] result = inspect(List.of("--state", work.resolve("empty").toString(), "--verify", "true"));
        assertThat(result[0]).isEqualTo("0");
        assertThat(result[1]).contains("no committed state");
    }

    private static void flip(Path file) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(file, bytes);
    }
}
