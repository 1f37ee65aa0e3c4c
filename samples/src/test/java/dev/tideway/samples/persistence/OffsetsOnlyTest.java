package dev.tideway.samples.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tideway.RunConfig;
import dev.tideway.Tideway;
import dev.tideway.annotations.PrimaryKey;
import dev.tideway.annotations.Schema;
import dev.tideway.spi.Connectors;
import dev.tideway.io.csv.CsvReadOptions;
import dev.tideway.internal.io.csv.CsvSource;
import dev.tideway.persistence.Backend;
import dev.tideway.persistence.PersistenceConfig;
import dev.tideway.persistence.SnapshotAccess;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * OFFSETS_ONLY resumes a file that grew after the rows read before, as Pathway resumes from an
 * offset: without the rows in the state, nothing read before is read (or counted) again.
 */
class OffsetsOnlyTest {
    @Schema
    record Entry(@PrimaryKey long k, String v) {}

    @TempDir
    Path work;

    private List<String> run(SnapshotAccess access) throws Exception {
        ChangeList<Entry> changes = new ChangeList<>("entries");
        Connectors.sink(Connectors.source(new CsvSource<>(work.resolve("in"), OffsetsOnlyTest_Entry_.SCHEMA,
                CsvReadOptions.defaults().withStreaming(false)), "entries"), changes);
        Tideway.run(RunConfig.defaults().withHandleSignals(false)
                .withPersistence(PersistenceConfig.of(Backend.filesystem(work.resolve("state"))).withSnapshotAccess(access)));
        return changes.changes();
    }

    @ParameterizedTest(name = "first run {0}")
    @EnumSource(value = SnapshotAccess.class, names = {"OFFSETS_ONLY", "FULL"})
    void aFileThatGrewIsReadOnAfterTheRowsReadBefore(SnapshotAccess first) throws Exception {
        StateFiles.write(work.resolve("in/entries.csv"), "k,v\n1,foo\n");
        assertThat(run(first)).containsExactly("+ Entry[k=1, v=foo]");

        StateFiles.write(work.resolve("in/entries.csv"), "k,v\n1,foo\n2,bar\n");
        assertThat(run(SnapshotAccess.OFFSETS_ONLY)).containsExactly("+ Entry[k=2, v=bar]");

        StateFiles.write(work.resolve("in/entries.csv"), "k,v\n1,foo\n2,bar\n3,baz\n");
        assertThat(run(SnapshotAccess.OFFSETS_ONLY)).as("and again from there").containsExactly("+ Entry[k=3, v=baz]");
        assertThat(run(SnapshotAccess.OFFSETS_ONLY)).as("nothing new").isEmpty();
    }
}
