package dev.tideway.samples.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tideway.Reducers;
import dev.tideway.RunConfig;
import dev.tideway.RunHandle;
import dev.tideway.Table;
import dev.tideway.Tideway;
import dev.tideway.InputException;
import dev.tideway.io.csv.Csv;
import dev.tideway.io.csv.CsvReadOptions;
import dev.tideway.io.file.BadRow;
import dev.tideway.io.file.BadRowPolicy;
import dev.tideway.io.subscribe.Subscribe;
import dev.tideway.persistence.Backend;
import dev.tideway.persistence.PersistenceConfig;
import dev.tideway.samples.io.Words.WordCount;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A word count over a folder of CSV files, as a user runs it: files rewritten in place with their
 * old size and modification time, lines written in two parts while a streaming run polls, and bytes
 * that are not UTF-8.
 */
class FileChangesTest {
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @TempDir
    Path work;

    private final List<String> changes = new CopyOnWriteArrayList<>();
    private RunHandle running;

    @AfterEach
    void stopTheRun() throws Exception {
        if (running != null) {
            running.stop();
        }
    }

    // ---- a file rewritten with the same size and modification time ----

    @Test
    void aFileRewrittenWithItsSizeAndModificationTimeKeptIsReadAgainByTheNextRun() throws Exception {
        Path file = write("in/words.csv", "word\ncat\n");
        FileTime before = Files.getLastModifiedTime(file);
        assertThat(countStatically()).containsExactly("+ WordCount[word=cat, count=1]");

        Files.writeString(file, "word\ndog\n");         // the same size
        Files.setLastModifiedTime(file, before);         // as touch -r, cp -p, rsync -t or an archive extracted again set it
        assertThat(Files.size(file)).isEqualTo(9);
        assertThat(countStatically()).containsExactlyInAnyOrder("- WordCount[word=cat, count=1]", "+ WordCount[word=dog, count=1]");
    }

    @Test
    void aFileTouchedOrCopiedOverWithTheSameBytesIsNotReadAgain() throws Exception {
        Path file = write("in/words.csv", "word\ncat\n");
        assertThat(countStatically()).containsExactly("+ WordCount[word=cat, count=1]");

        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        assertThat(countStatically()).isEmpty();
        Files.writeString(file, "word\ncat\n");
        assertThat(countStatically()).isEmpty();
    }

    @Test
    void aStreamingRunSeesAFileRewrittenWithItsSizeAndModificationTimeKept() throws Exception {
        Path file = write("in/words.csv", "word\ncat\n");
        FileTime before = Files.getLastModifiedTime(file);
        startCounting(CsvReadOptions.defaults().withPollInterval(Duration.ofMillis(20)));
        await("cat counted", () -> changes.contains("+ WordCount[word=cat, count=1]"));

        Files.writeString(file, "word\ndog\n");
        Files.setLastModifiedTime(file, before);
        await("cat replaced by dog", () -> changes.contains("- WordCount[word=cat, count=1]")
                && changes.contains("+ WordCount[word=dog, count=1]"));
    }

    // ---- half-written lines ----

    @Test
    void aLineWrittenInTwoPartsIsReadOnceWhole() throws Exception {
        startCounting(CsvReadOptions.defaults().withPollInterval(Duration.ofMillis(20)));
        Path fruit = write("in/fruit.csv", "word\nban");           // the producer's first write
        write("in/marker.csv", "word\nmarker\n");                  // written after: the poll that reads it saw "ban"
        await("the marker counted", () -> changes.contains("+ WordCount[word=marker, count=1]"));
        assertThat(changes).noneMatch(change -> change.contains("word=ban,"));

        Files.writeString(fruit, "ana\n", StandardOpenOption.APPEND);   // the second write
        await("banana counted", () -> changes.contains("+ WordCount[word=banana, count=1]"));
        assertThat(changes).containsExactly("+ WordCount[word=marker, count=1]", "+ WordCount[word=banana, count=1]");
    }

    @Test
    void aLastLineWithoutLineBreakIsReadOnceTheFileIsQuietForTheTimeout() throws Exception {
        startCounting(CsvReadOptions.defaults().withPollInterval(Duration.ofMillis(20))
                .withIncompleteLineTimeout(Duration.ofMillis(300)));
        write("in/fruit.csv", "word\nkiwi");
        await("kiwi counted", () -> changes.contains("+ WordCount[word=kiwi, count=1]"));
        assertThat(changes).containsExactly("+ WordCount[word=kiwi, count=1]");
    }

    @Test
    void aStaticRunReadsALastLineWithoutLineBreakAtOnce() throws Exception {
        write("in/fruit.csv", "word\nkiwi");
        assertThat(countStatically()).containsExactly("+ WordCount[word=kiwi, count=1]");
    }

    // ---- bytes that are not UTF-8 ----

    @Test
    void aLineThatIsNotUtf8IsReportedAndSkippedAndTheRestCounted() throws Exception {
        Path latin1 = writeBytes("in/latin1.csv", "word\ncaf\u00e9\napple\n".getBytes(StandardCharsets.ISO_8859_1));
        write("in/good.csv", "word\napple\n");
        List<BadRow> reported = new ArrayList<>();
        CsvReadOptions options = CsvReadOptions.defaults().withStreaming(false).withBadRows(BadRowPolicy.SKIP)
                .withBadRowConsumer(reported::add);
        count(options);
        Tideway.run(RunConfig.defaults().withHandleSignals(false));

        assertThat(changes).containsExactly("+ WordCount[word=apple, count=2]");
        assertThat(reported).singleElement().satisfies(row -> {
            assertThat(row.file()).isEqualTo(latin1.toString());
            assertThat(row.line()).isEqualTo(2);
            assertThat(row.problem()).startsWith("not valid UTF-8 text: byte 0xE9 at byte 4 of the line");
            assertThat(row.value()).isEqualTo("caf\uFFFD");
        });
        assertThat(options.skippedRows()).isEqualTo(1);
    }

    @Test
    void underStopALineThatIsNotUtf8StopsTheRunNamingTheFileAndLine() throws Exception {
        Path latin1 = writeBytes("in/latin1.csv", "word\ncaf\u00e9\napple\n".getBytes(StandardCharsets.ISO_8859_1));
        write("in/good.csv", "word\napple\n");
        count(CsvReadOptions.defaults().withStreaming(false));

        assertThatThrownBy(() -> Tideway.run(RunConfig.defaults().withHandleSignals(false)))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("file " + latin1 + ", line 2: not valid UTF-8 text: byte 0xE9 at byte 4 of the line;"
                        + " save the file as UTF-8");
        assertThat(changes).isEmpty();
    }

    // ---- helpers ----

    /** Counts the words of {@code in/} in a static run persisted in {@code state/}; returns this run's changes. */
    private List<String> countStatically() throws Exception {
        changes.clear();
        count(CsvReadOptions.defaults().withStreaming(false).withPersistentId("words"));
        Tideway.run(RunConfig.defaults().withHandleSignals(false)
                .withPersistence(PersistenceConfig.of(Backend.filesystem(work.resolve("state")))));
        return new ArrayList<>(changes);
    }

    private void startCounting(CsvReadOptions options) {
        count(options);
        running = Tideway.start(RunConfig.defaults().withHandleSignals(false));
    }

    private void count(CsvReadOptions options) {
        Table<Words.Word> words = Csv.read(work.resolve("in"), Words_Word_.SCHEMA, options);
        Table<WordCount> counts = words.groupBy(Words_Word_.word).reduce(Words_WordCount_.of(Words_Word_.word, Reducers.count()));
        Subscribe.subscribe(counts, (key, row, time, addition) -> changes.add((addition ? "+ " : "- ") + row));
    }

    private void await(String what, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (running != null && running.isDone()) {
                running.await();    // the run failed: its error says why
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + PATIENCE + " waiting for " + what + "; changes: " + changes);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    private Path write(String name, String text) throws IOException {
        return writeBytes(name, text.getBytes(StandardCharsets.UTF_8));
    }

    private Path writeBytes(String name, byte[] bytes) throws IOException {
        Path file = work.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.write(file, bytes);
    }
}
