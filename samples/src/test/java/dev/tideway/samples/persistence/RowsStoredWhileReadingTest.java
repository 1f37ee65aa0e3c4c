package dev.tideway.samples.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tideway.Exprs;
import dev.tideway.Reducers;
import dev.tideway.RunConfig;
import dev.tideway.RunHandle;
import dev.tideway.Table;
import dev.tideway.spi.Connectors;
import dev.tideway.Tideway;
import dev.tideway.io.csv.Csv;
import dev.tideway.io.csv.CsvReadOptions;
import dev.tideway.persistence.Backend;
import dev.tideway.persistence.PersistenceConfig;
import dev.tideway.samples.persistence.Rows.Word;
import dev.tideway.samples.persistence.Rows.WordCount;
import dev.tideway.schema.ValueTypes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A persisted source stores the rows of each file it reads as a rows object at once, and its log
 * records name those objects instead of holding the rows (log record 0a): a streaming run that
 * stops on a poison row leaves a log tail of a few hundred bytes beside the rows, and the next run
 * replays that tail from the rows objects (retracting a file's rewritten rows from its object), with
 * the counts of what the files now hold.
 */
class RowsStoredWhileReadingTest {
    private static final String POISON = "poison";

    @TempDir
    Path work;

    private Path in() {
        return work.resolve("in");
    }

    private Path state() {
        return work.resolve("state");
    }

    /** {@code count} words {@code w0, w1, ...} cycling through {@code distinct}, a header first: over 4 KiB encoded from ~1000. */
    private static String words(int count, int distinct, int shift) {
        StringBuilder text = new StringBuilder("word\n");
        for (int i = 0; i < count; i++) {
            text.append("w").append((i * 7 + shift) % distinct).append('\n');
        }
        return text.toString();
    }

    private static Map<String, Long> counts(String... files) {
        Map<String, Long> counts = new TreeMap<>();
        for (String file : files) {
            file.lines().skip(1).forEach(w -> counts.merge(w, 1L, Long::sum));
        }
        return counts;
    }

    private static List<String> asRows(Map<String, Long> counts) {
        List<String> rows = new ArrayList<>();
        counts.forEach((word, count) -> rows.add(new WordCount(word, count).toString()));
        return rows;
    }

    private void build(StateFiles.Timed<WordCount> sink, boolean streaming) {
        Table<Word> words = Csv.read(in(), Rows_Word_.SCHEMA, CsvReadOptions.defaults().withStreaming(streaming)
                .withPollInterval(Duration.ofMillis(20)).withPersistentId("words"));
        Table<Word> checked = words.select(Rows_Word_.of(Exprs.apply(ValueTypes.STRING, Rows_Word_.word, w -> {
            if (w.equals(POISON)) {
                throw new IllegalStateException("poison row");
            }
            return w;
        })));
        Connectors.sink(checked.groupBy(Rows_Word_.word).reduce(Rows_WordCount_.of(Rows_Word_.word, Reducers.count())), sink);
    }

    private PersistenceConfig config() {
        return PersistenceConfig.of(Backend.filesystem(state())).withSnapshotIntervalMs(600_000);
    }

    private List<String> stateFiles(String prefix) {
        return StateFiles.files(state()).stream().filter(f -> f.startsWith(prefix)).toList();
    }

    private long bytesOf(List<String> files) throws IOException {
        long total = 0;
        for (String file : files) {
            total += Files.size(state().resolve(file));
        }
        return total;
    }

    @Test
    void aLogTailNamesTheRowsObjectsAndIsReplayedFromThem() throws Exception {
        String first = words(2000, 100, 0);
        String rewritten = words(1500, 120, 3);
        String second = words(3000, 80, 5);
        StateFiles.write(in().resolve("1.csv"), first);

        StateFiles.Timed<WordCount> sink = new StateFiles.Timed<>("counts");
        build(sink, true);
        RunHandle handle = Tideway.start(RunConfig.defaults().withHandleSignals(false).withPersistence(config()));
        Await.require(Duration.ofSeconds(20), "1.csv counted", () -> StateFiles.net(sink.all()).equals(asRows(counts(first))));
        StateFiles.write(in().resolve("1.csv"), rewritten);
        StateFiles.write(in().resolve("2.csv"), second);
        Map<String, Long> expected = counts(rewritten, second);
        Await.require(Duration.ofSeconds(20), "1.csv rewritten and 2.csv counted",
                () -> StateFiles.net(sink.all()).equals(asRows(expected)));
        StateFiles.write(in().resolve("3.csv"), "word\n" + POISON + "\n");
        assertThatThrownBy(handle::await).hasStackTraceContaining("poison row");

        List<String> rows = stateFiles("rows/words/");
        List<String> log = stateFiles("log/words/");
        assertThat(stateFiles("snapshots/")).as("no snapshot: the run stopped on the poison row").isEmpty();
        assertThat(rows).as("one rows object per file version read").hasSize(3);
        assertThat(log).as("the commits' log segments").isNotEmpty();
        long rowBytes = first.length() + rewritten.length() + second.length();
        assertThat(bytesOf(log)).as("the log names the rows objects; it does not hold the " + rowBytes + " bytes of rows")
                .isLessThan(600);
        for (String object : rows) {
            byte[] data = Files.readAllBytes(state().resolve(object));
            assertThat(new String(data, 0, 15, StandardCharsets.US_ASCII)).isEqualTo("tideway-rows 2\n");
        }
        assertThat(bytesOf(rows)).as("compressed").isLessThan(rowBytes / 2);

        Files.delete(in().resolve("3.csv"));
        StateFiles.Timed<WordCount> again = new StateFiles.Timed<>("again");
        build(again, false);
        Tideway.run(RunConfig.defaults().withHandleSignals(false).withPersistence(config()));
        assertThat(StateFiles.net(again.all())).as("the log tail replayed from the rows objects, the retraction included")
                .isEqualTo(asRows(expected));
        assertThat(stateFiles("snapshots/")).as("the static run ends with a snapshot").isNotEmpty();
        assertThat(stateFiles("log/words/")).as("which covers the log").isEmpty();
        assertThat(stateFiles("rows/words/")).as("the rows of the first 1.csv are no longer referenced").hasSize(2);
    }

    @Test
    void smallFilesStayInTheLogRecord() throws Exception {
        String small = words(20, 10, 0);
        StateFiles.write(in().resolve("1.csv"), small);
        StateFiles.Timed<WordCount> sink = new StateFiles.Timed<>("counts");
        build(sink, true);
        RunHandle handle = Tideway.start(RunConfig.defaults().withHandleSignals(false).withPersistence(config()));
        Await.require(Duration.ofSeconds(20), "1.csv counted", () -> StateFiles.net(sink.all()).equals(asRows(counts(small))));
        StateFiles.write(in().resolve("2.csv"), "word\n" + POISON + "\n");
        assertThatThrownBy(handle::await).hasStackTraceContaining("poison row");
        assertThat(stateFiles("rows/")).as("under 4 KiB of rows: no object of their own").isEmpty();
        assertThat(stateFiles("log/words/")).hasSize(1);

        Files.delete(in().resolve("2.csv"));
        StateFiles.Timed<WordCount> again = new StateFiles.Timed<>("again");
        build(again, false);
        Tideway.run(RunConfig.defaults().withHandleSignals(false).withPersistence(config()));
        assertThat(StateFiles.net(again.all())).isEqualTo(asRows(counts(small)));
    }
}
