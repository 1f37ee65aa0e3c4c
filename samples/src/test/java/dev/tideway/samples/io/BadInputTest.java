package dev.tideway.samples.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tideway.RunConfig;
import dev.tideway.Table;
import dev.tideway.Tideway;
import dev.tideway.spi.Connectors;
import dev.tideway.InputException;
import dev.tideway.io.csv.Csv;
import dev.tideway.io.csv.CsvReadOptions;
import dev.tideway.io.file.BadRow;
import dev.tideway.io.file.BadRowPolicy;
import dev.tideway.io.file.FileReadOptions;
import dev.tideway.io.jsonlines.JsonLines;
import dev.tideway.testing.Captured;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input read through generated companions: the error says file, line, column and value, once each. */
class BadInputTest {
    @TempDir
    Path dir;

    private static final RunConfig STATIC = RunConfig.defaults().withHandleSignals(false);

    @Test
    void aValueThatDoesNotParseStopsTheRunNamingFileLineColumnAndValue() throws Exception {
        Files.writeString(dir.resolve("r.csv"), "sensor,reading\nkitchen,21\nhall,warm\n");
        Table<Reading> readings = Csv.read(dir, Reading_.SCHEMA, CsvReadOptions.defaults().withStreaming(false));
        Captured<Reading> out = new Captured<>();
        Connectors.sink(readings, out);

        assertThatThrownBy(() -> Tideway.run(STATIC))
                .isInstanceOf(InputException.class)
                .hasMessage("file " + dir.resolve("r.csv") + ", line 3, column 2 (reading): not a long: \"warm\"; value \"warm\". "
                        + "Fix the row, or read with the bad-row policy SKIP to skip and report such rows.");
        assertThat(out.changes()).as("nothing of the failed batch is written").isEmpty();
    }

    @Test
    void skippedRowsAreReportedAndCountedAndTheOthersRead() throws Exception {
        Files.writeString(dir.resolve("r.csv"), "unit,reading,sensor\nC,21,kitchen\n,x,hall\nF,70,porch\n");
        List<BadRow> reported = new ArrayList<>();
        CsvReadOptions options = CsvReadOptions.defaults().withStreaming(false).withBadRows(BadRowPolicy.SKIP)
                .withBadRowConsumer(reported::add);
        Captured<Reading> out = new Captured<>();
        Connectors.sink(Csv.read(dir, Reading_.SCHEMA, options), out);

        Tideway.run(STATIC);

        assertThat(out.rows()).containsExactlyInAnyOrder(new Reading("kitchen", 21, Optional.of("C")),
                new Reading("porch", 70, Optional.of("F")));
        assertThat(options.skippedRows()).isEqualTo(1);
        assertThat(reported).singleElement().satisfies(row -> {
            assertThat(row.line()).isEqualTo(3);
            assertThat(row.columnName()).isEqualTo("reading");
            assertThat(row.value()).isEqualTo("x");
        });
    }

    @Test
    void invalidJsonNamesTheFileAndLine() throws Exception {
        Files.writeString(dir.resolve("r.jsonl"), "{\"sensor\":\"a\",\"reading\":1}\n{\"sensor\":\"b\",\"reading\":}\n");
        Connectors.sink(JsonLines.read(dir, Reading_.SCHEMA, FileReadOptions.defaults().withStreaming(false)), new Captured<>());

        assertThatThrownBy(() -> Tideway.run(STATIC))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("file " + dir.resolve("r.jsonl") + ", line 2")
                .hasMessageContaining("invalid JSON");
    }
}
