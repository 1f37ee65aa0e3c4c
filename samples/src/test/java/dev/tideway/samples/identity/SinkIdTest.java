package dev.tideway.samples.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tideway.Pipeline;
import dev.tideway.RunConfig;
import dev.tideway.Table;
import dev.tideway.io.csv.Csv;
import dev.tideway.io.csv.CsvReadOptions;
import dev.tideway.io.file.FileWriteOptions;
import dev.tideway.persistence.Backend;
import dev.tideway.persistence.PersistenceConfig;
import dev.tideway.samples.identity.IdentityRows.Word;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file output with a persistent id is known by it, not by its path: a project moved to another
 * folder (state, inputs and outputs together) continues its outputs instead of rewriting them.
 */
class SinkIdTest {
    @TempDir
    Path work;

    private static void run(Path project, FileWriteOptions options) throws Exception {
        try (Pipeline pipeline = Pipeline.create()) {
            Table<Word> words = Csv.read(project.resolve("in"), IdentityRows_Word_.SCHEMA,
                    CsvReadOptions.defaults().withStreaming(false).withPersistentId("words"));
            Csv.write(words, project.resolve("out.csv"), options);
            pipeline.run(RunConfig.defaults().withHandleSignals(false)
                    .withPersistence(PersistenceConfig.of(Backend.filesystem(project.resolve("state")))));
        }
    }

    private static void move(Path from, Path to) throws Exception {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    }

    private static long lines(Path file) throws Exception {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.count();
        }
    }

    @Test
    void aMovedProjectContinuesAnOutputWithAnIdAndRewritesOneWithout() throws Exception {
        for (boolean withId : new boolean[] {true, false}) {
            Path first = work.resolve((withId ? "id" : "path") + "-first");
            Files.createDirectories(first.resolve("in"));
            Files.writeString(first.resolve("in/1.csv"), "word\nkiwi\n");
            FileWriteOptions options = withId ? FileWriteOptions.defaults().withPersistentId("words-out") : FileWriteOptions.defaults();
            run(first, options);
            byte[] before = Files.readAllBytes(first.resolve("out.csv"));

            Path moved = work.resolve((withId ? "id" : "path") + "-moved");
            move(first, moved);
            Files.writeString(moved.resolve("in/2.csv"), "word\nfig\n");
            run(moved, options);
            byte[] after = Files.readAllBytes(moved.resolve("out.csv"));
            String prefix = new String(after, 0, Math.min(after.length, before.length), java.nio.charset.StandardCharsets.UTF_8);
            if (withId) {
                assertThat(prefix).as("continued after what was committed").isEqualTo(new String(before, java.nio.charset.StandardCharsets.UTF_8));
                assertThat(CsvOutput.changes(moved.resolve("out.csv"))).containsExactly("kiwi,1", "fig,1");
            } else {
                assertThat(lines(moved.resolve("out.csv"))).as("rewritten: header, kiwi, fig").isEqualTo(3);
                assertThat(CsvOutput.rows(moved.resolve("out.csv"))).containsExactly("fig", "kiwi");
                assertThat(prefix).as("not continued: the first line after the header was written again").isNotEqualTo(
                        new String(before, java.nio.charset.StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void twoOutputsOfOnePersistentIdAreRefused() {
        try (Pipeline pipeline = Pipeline.create()) {
            Table<Word> words = Csv.read(work.resolve("in"), IdentityRows_Word_.SCHEMA);
            FileWriteOptions options = FileWriteOptions.defaults().withPersistentId("same");
            Csv.write(words, work.resolve("a.csv"), options);
            assertThatThrownBy(() -> Csv.write(words, work.resolve("b.csv"), options)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("have the persistent id output:same");
            assertThat(pipeline).isNotNull();
        }
        assertThatThrownBy(() -> FileWriteOptions.defaults().withPersistentId("../x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid persistent id of an output");
    }
}
