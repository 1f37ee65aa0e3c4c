package dev.tideway.internal.engine.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tideway.Table;
import dev.tideway.internal.engine.EngineTable;
import dev.tideway.internal.engine.SourceNode;
import dev.tideway.internal.engine.fixtures.Reading;
import dev.tideway.internal.engine.fixtures.Reading_;
import dev.tideway.InputException;
import dev.tideway.io.csv.Csv;
import dev.tideway.io.csv.CsvReadOptions;
import dev.tideway.schema.BinaryWriter;
import dev.tideway.testing.Captured;
import dev.tideway.testing.PipelineTester;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A directory source declared append-only keeps only the files' positions: a file deleted is
 * forgotten without retracting its rows, a file changed after it was read stops the run with an
 * error naming it, and the source's snapshot does not grow with the rows read.
 */
class AppendOnlySourceTest {
    @TempDir
    Path dir;

    private final PipelineTester tester = new PipelineTester();
    private Table<Reading> source;

    private Table<Reading> read(boolean appendOnly) {
        return tester.read(() -> {
            Table<Reading> readings = Csv.read(dir, Reading_.SCHEMA, CsvReadOptions.defaults().withPersistentId("readings"));
            source = readings;
            return appendOnly ? readings.appendOnly() : readings;
        });
    }

    private static String rows(int from, int count) {
        StringBuilder text = new StringBuilder("sensor,t,value\n");
        for (int i = from; i < from + count; i++) {
            text.append("s,").append(i).append(',').append(i).append('\n');
        }
        return text.toString();
    }

    private int snapshotBytes() {
        BinaryWriter out = new BinaryWriter();
        ((SourceNode<?>) EngineTable.of(source).node()).snapshot(out);
        return out.size();
    }

    @Test
    void aDeletedFileIsForgottenWithoutRetractingItsRowsAndNoRowIsKept() throws Exception {
        Captured<Reading> out = tester.capture(read(true));
        Files.writeString(dir.resolve("a.csv"), rows(0, 500));
        tester.step();
        int afterOneFile = snapshotBytes();
        Files.writeString(dir.resolve("b.csv"), rows(500, 500));
        tester.step();
        assertThat(out.rows()).hasSize(1000);
        int afterTwoFiles = snapshotBytes();
        assertThat(afterTwoFiles).as("two files' positions, not their rows").isLessThan(afterOneFile + 100).isLessThan(300);
        Files.delete(dir.resolve("a.csv"));
        tester.step();
        assertThat(out.rows()).as("the rows of a consumed file stay").hasSize(1000);
        assertThat(snapshotBytes()).as("its position is forgotten").isLessThan(afterTwoFiles);
    }

    @Test
    void withoutAppendOnlyTheRowsAreKeptAndADeletedFileIsRetracted() throws Exception {
        Captured<Reading> out = tester.capture(read(false));
        Files.writeString(dir.resolve("a.csv"), rows(0, 500));
        tester.step();
        assertThat(snapshotBytes()).as("the rows are kept").isGreaterThan(2000);
        Files.delete(dir.resolve("a.csv"));
        tester.step();
        assertThat(out.rows()).isEmpty();
    }

    @Test
    void aFileChangedAfterItWasReadStopsTheRunNamingIt() throws Exception {
        tester.capture(read(true));
        Files.writeString(dir.resolve("a.csv"), rows(0, 3));
        tester.step();
        Files.writeString(dir.resolve("a.csv"), rows(0, 4));
        assertThatThrownBy(tester::step).isInstanceOf(InputException.class)
                .hasMessageContaining("source \"readings\" is append-only, but a.csv")
                .hasMessageContaining("changed after it was read")
                .hasMessageContaining("Add new files instead of changing one");
    }
}
