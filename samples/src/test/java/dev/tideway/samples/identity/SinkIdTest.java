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

    @Test
    void aMovedProjectContinuesAnOutputWithAnIdAndRewritesOneWithout() throws Exception {
        for (boolean withId : new boolean[] {true, false}) {
            Path first = work.resolve((withId ? "id" : "path") + "-first");
            Files.createDirectories(first.resolve("in"));
            Files.writeString(first.resolve("in/1.csv"), "word\nkiwi\n");
            FileWriteOptions options = withId ? FileWriteOptions.defaults().withPersistentId("words-out") : FileWriteOptions.defaults();
            run(first, options);

            Path moved = work.resolve((withId ? "id" : "path") + "-moved");
            move(first, moved);
            // mark the committed part (same length), to tell a continued file from a rewritten one
            Path out = moved.resolve("out.csv");
            Files.writeString(out, Files.readString(out).replace("kiwi", "KIWI"));
            Files.writeString(moved.resolve("in/2.csv"), "word\nfig\n");
            run(moved, options);
            if (withId) {
                assertThat(CsvOutput.changes(out)).as("continued after the committed part").containsExactly("KIWI,1", "fig,1");
            } else {
                assertThat(CsvOutput.changes(out)).as("rewritten from the start").containsExactlyInAnyOrder("kiwi,1", "fig,1");
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
