package dev.tideway.samples.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tideway.Exprs;
import dev.tideway.Reducers;
import dev.tideway.RunConfig;
import dev.tideway.Table;
import dev.tideway.Tideway;
import dev.tideway.io.csv.Csv;
import dev.tideway.io.csv.CsvReadOptions;
import dev.tideway.io.jsonlines.JsonLines;
import dev.tideway.persistence.Backend;
import dev.tideway.persistence.PersistenceConfig;
import dev.tideway.persistence.PersistenceException;
import dev.tideway.persistence.PersistenceMode;
import dev.tideway.schema.ValueTypes;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recovery at its edges: a rewrite that fails before it commits, a fallen-back metadata generation, selective named state. */
class RecoveryEdgeTest {
    @TempDir
    Path work;

    private Path output() {
        return work.resolve("counts.jsonl");
    }

    private void run(UnaryOperator<Table<Rows.Word>> pipeline, String sourceId, PersistenceMode mode) throws Exception {
        CsvReadOptions options = CsvReadOptions.defaults().withStreaming(false);
        if (sourceId != null) {
            options = options.withPersistentId(sourceId);
        }
        Table<Rows.Word> words = pipeline.apply(Csv.read(work.resolve("in"), Rows_Word_.SCHEMA, options));
        Table<Rows.WordCount> counts = words.groupBy(Rows_Word_.word).reduce(Rows_WordCount_.of(Rows_Word_.word, Reducers.count()))
                .named("counts");
        JsonLines.write(counts, output());
        Tideway.run(RunConfig.defaults().withHandleSignals(false)
                .withPersistence(PersistenceConfig.of(Backend.filesystem(work.resolve("state"))).withMode(mode)));
    }

    private void write(String name, String text) throws Exception {
        Files.createDirectories(work.resolve(name).getParent());
        Files.writeString(work.resolve(name), text);
    }

    @Test
    void aRewriteThatFailsBeforeItsFirstCommitLeavesOutputsThatTheOldPipelineRewritesToo() throws Exception {
        write("in/1.csv", "word\nx\ny\nx\n");
        run(UnaryOperator.identity(), "words", PersistenceMode.PERSISTING);

        // a new version of the pipeline (a filter added) fails while its outputs are being rewritten
        write("in/2.csv", "word\ny\n");
        assertThatThrownBy(() -> run(words -> words.filter(Exprs.apply(ValueTypes.BOOLEAN, Rows_Word_.word, w -> {
            throw new IllegalStateException("the new version is broken");
        })), "words", PersistenceMode.PERSISTING)).isInstanceOf(dev.tideway.UserFunctionException.class)
                .hasRootCauseMessage("the new version is broken");

        // rolled back, the old pipeline continues: the output adds up to its result, no torn or cut line
        run(UnaryOperator.identity(), "words", PersistenceMode.PERSISTING);
        assertThat(StateFiles.consolidate(output())).containsExactly(
                "{\"word\":\"x\",\"count\":2}", "{\"word\":\"y\",\"count\":2}");
    }

    @Test
    void aMetadataGenerationWhoseSnapshotIsGoneIsAClearErrorAndNothingIsDeleted() throws Exception {
        write("in/1.csv", "word\nx\n");
        run(UnaryOperator.identity(), "words", PersistenceMode.PERSISTING);
        write("in/2.csv", "word\ny\n");
        run(UnaryOperator.identity(), "words", PersistenceMode.PERSISTING);

        // the newest generation is damaged: the one before names a snapshot that the newer commit deleted
        Path newest;
        try (Stream<Path> files = Files.list(work.resolve("state/metadata"))) {
            newest = files.max(Comparator.naturalOrder()).orElseThrow();
        }
        try (RandomAccessFile file = new RandomAccessFile(newest.toFile(), "rw")) {
            file.seek(file.length() - 3);
            file.write('#');
        }
        java.util.Map<String, String> before = StateFiles.digest(work.resolve("state"));

        assertThatThrownBy(() -> run(UnaryOperator.identity(), "words", PersistenceMode.PERSISTING))
                .isInstanceOf(PersistenceException.class)
                .hasMessageContaining("is damaged")
                .hasMessageContaining("Restore the state location from a backup");
        assertThat(StateFiles.digest(work.resolve("state"))).isEqualTo(before);
    }

    @Test
    void inSelectiveModeANamedCountFedByASourceWithoutIdIsRebuiltNotCountedTwice() throws Exception {
        write("in/1.csv", "word\nx\nx\ny\n");
        for (int run = 0; run < 3; run++) {
            run(UnaryOperator.identity(), null, PersistenceMode.SELECTIVE_PERSISTING);
            assertThat(StateFiles.consolidate(output())).as("run %d", run).containsExactly(
                    "{\"word\":\"x\",\"count\":2}", "{\"word\":\"y\",\"count\":1}");
        }
    }
}
