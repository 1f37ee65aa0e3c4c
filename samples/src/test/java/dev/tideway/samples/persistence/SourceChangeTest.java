package dev.tideway.samples.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tideway.Reducers;
import dev.tideway.RunConfig;
import dev.tideway.Table;
import dev.tideway.Tideway;
import dev.tideway.spi.Connectors;
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
 * A persistent id names the table, not the location or the format, as in Pathway ("a path to the
 * data source is changed ... the engine knows that the data still corresponds to a certain table").
 * Files are identified by their path under the source's folder and by their content, so a moved or
 * copied folder is the same table and reads nothing again; the table follows its location, so a
 * file the new location lacks is retracted. What cannot be continued is refused with an error naming
 * the source id.
 */
class SourceChangeTest {
    @TempDir
    Path work;

    @Test
    void aMovedInputFolderReadsNothingAgainAndChangesNothing() throws Exception {
        write("a/in/1.csv", "word\nx\ny\n");
        write("a/in/2.csv", "word\nx\n");
        assertThat(run(() -> csv("a/in"))).containsExactlyInAnyOrder("+ WordCount[word=x, count=2]", "+ WordCount[word=y, count=1]");

        Files.move(work.resolve("a"), work.resolve("b"));
        assertThat(run(() -> csv("b/in"))).isEmpty();
        assertThat(consolidated(work.resolve("counts.jsonl"))).containsExactlyInAnyOrder("x=2", "y=1");

        Files.delete(work.resolve("b/in/2.csv")); // in the new location, a deleted file is retracted
        assertThat(run(() -> csv("b/in"))).containsExactlyInAnyOrder("- WordCount[word=x, count=2]", "+ WordCount[word=x, count=1]");
    }

    /**
     * The user's case: the project folder (inputs, state and output) moved, the command run again
     * with the same relative paths. No input is read again and nothing is counted twice. The output
     * file is known by its absolute path, so at its new path it is rewritten from the start with the
     * current result rather than continued.
     */
    @Test
    void aMovedProjectFolderCountsNothingTwice() throws Exception {
        write("project/in/1.csv", "word\nx\ny\n");
        write("project/in/2.csv", "word\nx\n");
        run(work.resolve("project"), () -> csv("project/in"));

        Files.move(work.resolve("project"), work.resolve("moved"));
        StateFiles.Counting<Rows.Word> reads = new StateFiles.Counting<>(new dev.tideway.internal.io.csv.CsvSource<>(
                work.resolve("moved/in"), Rows_Word_.SCHEMA, CsvReadOptions.defaults().withStreaming(false)));
        run(work.resolve("moved"), () -> Connectors.source(reads, "words"));
        assertThat(reads.rows()).as("rows read again").isZero();
        assertThat(consolidated(work.resolve("moved/counts.jsonl"))).containsExactlyInAnyOrder("x=2", "y=1");
    }

    @Test
    void aCopiedInputFolderReadsNothingAgain() throws Exception {
        write("a/1.csv", "word\nx\ny\n");
        write("a/sub/2.csv", "word\nx\n");
        assertThat(run(() -> csv("a"))).containsExactlyInAnyOrder("+ WordCount[word=x, count=2]", "+ WordCount[word=y, count=1]");

        copyFolder(work.resolve("a"), work.resolve("b")); // new files: other inodes and times, the same bytes
        assertThat(run(() -> csv("b"))).isEmpty();
        write("b/3.csv", "word\ny\n"); // and what is new there is read
        assertThat(run(() -> csv("b"))).containsExactlyInAnyOrder("- WordCount[word=y, count=1]", "+ WordCount[word=y, count=2]");
    }

    @Test
    void theSameIdPointedAtAnotherDataSetFollowsIt() throws Exception {
        write("a/1.csv", "word\nx\ny\n");
        write("a/2.csv", "word\nx\n");
        run(() -> csv("a"));

        write("c/1.csv", "word\nx\nz\n"); // the same name, other content: read again
        write("c/3.csv", "word\nw\n");     // new; a/2.csv is not in c/: retracted
        assertThat(run(() -> csv("c"))).containsExactlyInAnyOrder("- WordCount[word=x, count=2]", "+ WordCount[word=x, count=1]",
                "- WordCount[word=y, count=1]", "+ WordCount[word=z, count=1]", "+ WordCount[word=w, count=1]");
    }

    @Test
    void theSameIdReadAsCsvThenAsJsonLinesFollowsTheFilesItReads() throws Exception {
        write("csv/1.csv", "word\nx\ny\n");
        assertThat(run(() -> csv("csv"))).containsExactlyInAnyOrder("+ WordCount[word=x, count=1]", "+ WordCount[word=y, count=1]");

        write("json/1.jsonl", "{\"word\":\"x\"}\n{\"word\":\"z\"}\n"); // other files: 1.csv is retracted, 1.jsonl read
        assertThat(run(() -> JsonLines.read(work.resolve("json"), Rows_Word_.SCHEMA,
                FileReadOptions.defaults().withStreaming(false).withPersistentId("words"))))
                .containsExactlyInAnyOrder("- WordCount[word=y, count=1]", "+ WordCount[word=z, count=1]");

        write("csv/2.csv", "word\ny\n"); // back to the CSV folder: its files are read again, the JSON file's rows go
        assertThat(run(() -> csv("csv"))).containsExactlyInAnyOrder("- WordCount[word=z, count=1]", "+ WordCount[word=y, count=2]");
    }

    /**
     * Rows without a primary key are keyed by their file and line, relative to the folder: a row of a
     * moved file keeps its key, so what an operator or sink holds by key still matches it.
     */
    @Test
    void rowsKeepTheirKeysWhenTheirFolderMoves() throws Exception {
        write("a/1.csv", "word\nx\ny\n");
        List<String> first = runKeyed(() -> csv("a"));
        assertThat(first).hasSize(2);

        Files.move(work.resolve("a"), work.resolve("b"));
        Files.writeString(work.resolve("b/1.csv"), "z\n", java.nio.file.StandardOpenOption.APPEND); // changed: read again
        // x and y are retracted and inserted again under the same keys, which the subscription consolidates away
        assertThat(runKeyed(() -> csv("b"))).singleElement().asString().startsWith("+ Word[word=z] ");
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

        write("in/2.csv", "term\nx\ny\n"); // new files use the new name; 1.csv is unchanged, not read again
        assertThat(run(() -> {
            Table<Rows.Term> terms = Csv.read(work.resolve("in"), Rows_Term_.SCHEMA,
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
        return run(work, source);
    }

    /**
     * Runs the word count with its state in {@code project/state} and its output in
     * {@code project/counts.jsonl}; returns this run's changes.
     */
    private List<String> run(Path project, Supplier<Table<Rows.Word>> source) throws Exception {
        Table<WordCount> counts = source.get().groupBy(Rows_Word_.word).reduce(Rows_WordCount_.of(Rows_Word_.word, Reducers.count()));
        ChangeList<WordCount> changes = new ChangeList<>("counts");
        Connectors.sink(counts, changes);
        JsonLines.write(counts, project.resolve("counts.jsonl"));
        Tideway.run(RunConfig.defaults().withHandleSignals(false)
                .withPersistence(PersistenceConfig.of(Backend.filesystem(project.resolve("state")))));
        return changes.changes();
    }

    /** Runs the source alone and returns its changes with their row keys. */
    private List<String> runKeyed(Supplier<Table<Rows.Word>> source) throws Exception {
        List<String> changes = new java.util.ArrayList<>();
        dev.tideway.io.subscribe.Subscribe.subscribe(source.get(),
                (key, row, time, addition) -> changes.add((addition ? "+ " : "- ") + row + " " + Long.toHexString(key)));
        Tideway.run(RunConfig.defaults().withHandleSignals(false)
                .withPersistence(PersistenceConfig.of(Backend.filesystem(work.resolve("state")))));
        return changes;
    }

    /** What a JSON Lines output of word counts adds up to, as "word=count". */
    private static List<String> consolidated(Path file) throws java.io.IOException {
        java.util.Map<String, Integer> rows = new java.util.TreeMap<>();
        java.util.regex.Pattern line = java.util.regex.Pattern.compile(
                "\\{\"word\":\"(\\w+)\",\"count\":(\\d+),\"time\":\\d+,\"diff\":(-?1)}");
        for (String text : Files.readAllLines(file)) {
            java.util.regex.Matcher m = line.matcher(text);
            assertThat(m.matches()).as(text).isTrue();
            rows.merge(m.group(1) + "=" + m.group(2), Integer.parseInt(m.group(3)), Integer::sum);
        }
        rows.values().removeIf(n -> n == 0);
        assertThat(rows.values()).as("every row once").allMatch(n -> n == 1);
        return List.copyOf(rows.keySet());
    }

    private static void copyFolder(Path from, Path to) throws java.io.IOException {
        try (java.util.stream.Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }

    private void write(String name, String text) throws java.io.IOException {
        Path file = work.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
