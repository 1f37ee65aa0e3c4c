package dev.tideway.samples.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tideway.Reducers;
import dev.tideway.RunConfig;
import dev.tideway.Table;
import dev.tideway.Tideway;
import dev.tideway.engine.Tables;
import dev.tideway.io.csv.Csv;
import dev.tideway.io.csv.CsvReadOptions;
import dev.tideway.io.file.FileReadOptions;
import dev.tideway.io.jsonlines.JsonLines;
import dev.tideway.persistence.Backend;
import dev.tideway.persistence.PersistenceConfig;
import dev.tideway.samples.persistence.Rows.WordCount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A persistent id names the table, not the location or the format: across runs the same id may
 * read another folder or JSON Lines instead of CSV, and the rows already read stay. What cannot be
 * continued is refused with an error naming the source id.
 */
class SourceChangeTest {
    @TempDir
    Path work;

    @Test
    void theSameIdReadFromANewPathKeepsTheOldRowsAndReadsTheNewPathAsNew() throws Exception {
        write("a/1.csv", "word\nx\ny\n");
        write("a/2.csv", "word\nx\n");
        assertThat(run(() -> csv("a"))).containsExactlyInAnyOrder("+ WordCount[word=x, count=2]", "+ WordCount[word=y, count=1]");

        write("b/1.csv", "word\nx\nz\n"); // same file name as in a/: another file all the same
        Files.delete(work.resolve("a/2.csv")); // the old location is not read any more: not retracted
        assertThat(run(() -> csv("b"))).containsExactlyInAnyOrder(
                "- WordCount[word=x, count=2]", "+ WordCount[word=x, count=3]", "+ WordCount[word=z, count=1]");

        Files.delete(work.resolve("b/1.csv")); // within the location read now, a deleted file is retracted
        assertThat(run(() -> csv("b"))).containsExactlyInAnyOrder(
                "- WordCount[word=x, count=3]", "+ WordCount[word=x, count=2]", "- WordCount[word=z, count=1]");
    }

    @Test
    void theSameIdReadAsCsvThenAsJsonLinesContinuesTheTable() throws Exception {
        write("csv/1.csv", "word\nx\ny\n");
        assertThat(run(() -> csv("csv"))).containsExactlyInAnyOrder("+ WordCount[word=x, count=1]", "+ WordCount[word=y, count=1]");

        write("json/1.jsonl", "{\"word\":\"x\"}\n{\"word\":\"z\"}\n");
        assertThat(run(() -> JsonLines.read(work.resolve("json"), Rows_Word_.SCHEMA,
                FileReadOptions.defaults().withStreaming(false).withPersistentId("words"))))
                .containsExactlyInAnyOrder("- WordCount[word=x, count=1]", "+ WordCount[word=x, count=2]", "+ WordCount[word=z, count=1]");

        write("csv/2.csv", "word\ny\n"); // back to the CSV folder: its file 1 is known, 2 is new
        assertThat(run(() -> csv("csv"))).containsExactlyInAnyOrder("- WordCount[word=y, count=1]", "+ WordCount[word=y, count=2]");
    }

    /**
     * The data renamed its column {@code word} to {@code term}, and the program follows with
     * {@code @Column(name = "term")} on the same component. The persisted schema remembers the
     * component's name, so the same id continues the same table: the rows read before stay, and the
     * new files are read under the new name. Operator state is rebuilt after a schema change, so the
     * output is rewritten: first the current result, then this run's changes.
     */
    @Test
    void aFieldRenamedInTheDataContinuesTheSameTable() throws Exception {
        write("in/1.csv", "word\nx\n");
        assertThat(run(() -> csv("in"))).containsExactly("+ WordCount[word=x, count=1]");

        write("renamed/2.csv", "term\nx\ny\n");
        assertThat(run(() -> {
            Table<Rows.Term> terms = Csv.read(work.resolve("renamed"), Rows_Term_.SCHEMA,
                    CsvReadOptions.defaults().withStreaming(false).withPersistentId("words"));
            return terms.select(Rows_Word_.of(Rows_Term_.word));
        })).containsExactly("+ WordCount[word=x, count=1]",
                "- WordCount[word=x, count=1]", "+ WordCount[word=x, count=2]", "+ WordCount[word=y, count=1]");
    }

    @Test
    void twoSourcesWithOneIdAreAnErrorNamingTheId() throws Exception {
        write("a/1.csv", "word\nx\n");
        write("b/1.csv", "word\ny\n");
        assertThatThrownBy(() -> run(() -> csv("a").concat(csv("b"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("two sources have the persistent id \"words\"");
        assertThat(work.resolve("state/metadata")).doesNotExist();
    }

    // ---- helpers ----

    private Table<Rows.Word> csv(String dir) {
        return Csv.read(work.resolve(dir), Rows_Word_.SCHEMA, CsvReadOptions.defaults().withStreaming(false).withPersistentId("words"));
    }

    /** Builds the word count over the words {@code source} gives, runs it on the state, and returns its changes. */
    private List<String> run(Supplier<Table<Rows.Word>> source) throws Exception {
        Table<WordCount> counts = source.get().groupBy(Rows_Word_.word).reduce(Rows_WordCount_.of(Rows_Word_.word, Reducers.count()));
        ChangeList<WordCount> changes = new ChangeList<>("counts");
        Tables.sink(counts, changes);
        Tideway.run(RunConfig.defaults().withHandleSignals(false)
                .withPersistence(PersistenceConfig.of(Backend.filesystem(work.resolve("state")))));
        return changes.changes();
    }

    private void write(String name, String text) throws java.io.IOException {
        Path file = work.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
