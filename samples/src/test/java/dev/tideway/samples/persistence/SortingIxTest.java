package dev.tideway.samples.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tideway.Neighbors_;
import dev.tideway.RunConfig;
import dev.tideway.Table;
import dev.tideway.Tideway;
import dev.tideway.annotations.PrimaryKey;
import dev.tideway.annotations.Schema;
import dev.tideway.spi.Connectors;
import dev.tideway.io.csv.Csv;
import dev.tideway.io.csv.CsvReadOptions;
import dev.tideway.persistence.Backend;
import dev.tideway.persistence.PersistenceConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pathway's {@code test_sorting_ix} vector, persisted: a table of numbers keyed by themselves is
 * sorted, and each number with a predecessor is paired with it through {@code ix(prev)}. Five static
 * runs on one state, each with a new input file (the fourth run deletes the second file); each run
 * outputs exactly the changes Pathway's test expects, as (prev's a, a, diff).
 */
class SortingIxTest {
    @Schema
    record Num(@PrimaryKey long a) {}

    @Schema
    record PrevPair(long b, long a) {}

    @TempDir
    Path work;

    private long snapshotIntervalMs;

    private List<String> run(int file, String... numbers) throws Exception {
        StateFiles.write(work.resolve("numbers/" + file), "a\n" + String.join("", java.util.Arrays.stream(numbers).map(n -> n + "\n").toList()));
        Table<Num> t = Csv.read(work.resolve("numbers"), SortingIxTest_Num_.SCHEMA,
                CsvReadOptions.defaults().withStreaming(false).withPersistentId("numbers"));
        Table<PrevPair> pairs = t.sort(SortingIxTest_Num_.a)
                .filter(Neighbors_.prev.isNotNull())
                .select(SortingIxTest_PrevPair_.of(t.ix(Neighbors_.prev).get(SortingIxTest_Num_.a),
                        t.ix(Neighbors_.key).get(SortingIxTest_Num_.a)));
        ChangeList<PrevPair> changes = new ChangeList<>("pairs");
        Connectors.sink(pairs, changes);
        Tideway.run(RunConfig.defaults().withHandleSignals(false)
                .withPersistence(PersistenceConfig.of(Backend.filesystem(work.resolve("state"))).withSnapshotIntervalMs(snapshotIntervalMs)));
        return changes.changes().stream().map(SortingIxTest::asPathway).toList();
    }

    /** "+ PrevPair[b=1, a=6]" as Pathway's test writes it: "1,6,1". */
    private static String asPathway(String change) {
        String numbers = change.replaceAll("[^0-9,]", "");
        return numbers + "," + (change.startsWith("+") ? "1" : "-1");
    }

    /** With a snapshot at every commit (the operators restored), and with none (rebuilt from the log). */
    @ParameterizedTest
    @ValueSource(longs = {0, 600_000})
    void eachRunOutputsPathwaysChanges(long snapshotIntervalMs) throws Exception {
        this.snapshotIntervalMs = snapshotIntervalMs;
        assertThat(run(1, "1", "6")).containsExactlyInAnyOrder("1,6,1");
        assertThat(run(2, "3")).containsExactlyInAnyOrder("1,6,-1", "1,3,1", "3,6,1");
        assertThat(run(3, "4", "5")).containsExactlyInAnyOrder("3,6,-1", "3,4,1", "4,5,1", "5,6,1");
        Files.delete(work.resolve("numbers/2"));
        assertThat(run(4)).containsExactlyInAnyOrder("1,3,-1", "3,4,-1", "1,4,1");
        assertThat(run(5, "2")).containsExactlyInAnyOrder("1,4,-1", "1,2,1", "2,4,1");
    }
}
