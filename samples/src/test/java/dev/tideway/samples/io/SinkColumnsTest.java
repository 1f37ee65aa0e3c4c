package dev.tideway.samples.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tideway.RunConfig;
import dev.tideway.Table;
import dev.tideway.Tideway;
import dev.tideway.internal.engine.Graph;
import dev.tideway.io.csv.Csv;
import dev.tideway.io.csv.CsvReadOptions;
import dev.tideway.io.file.FileWriteOptions;
import dev.tideway.io.jsonlines.JsonLines;
import dev.tideway.persistence.Backend;
import dev.tideway.persistence.PersistenceConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** File sinks add the columns time and diff: a row's own fields of those names are refused or kept apart. */
class SinkColumnsTest {
    private static final RunConfig STATIC = RunConfig.defaults().withHandleSignals(false);

    @TempDir
    Path dir;

    @AfterEach
    void discardWhatARefusedSinkLeftBuilt() {
        Graph.detachCurrent();
    }

    private Table<Measurement> measurements() throws Exception {
        Files.writeString(dir.resolve("m.csv"), "sensor,time,diff\ns1,1700000000,0.5\n");
        return Csv.read(dir.resolve("m.csv"), Measurement_.SCHEMA, CsvReadOptions.defaults().withStreaming(false));
    }

    @Test
    void jsonLinesRefusesAFieldNamedTimeWhenThePipelineIsBuilt() throws Exception {
        Table<Measurement> rows = measurements();
        Path out = dir.resolve("out.jsonl");
        assertThatThrownBy(() -> JsonLines.write(rows, out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("JsonLines.write to " + out + ": field Measurement.time has the name \"time\" of the column the sink"
                        + " adds for each change's commit time, so every line would have two \"time\"; give the sink's column"
                        + " another name with FileWriteOptions.defaults().withTimeColumn(\"commit_time\"), or the field's with"
                        + " @Column(name = \"...\")");
        assertThat(Graph.current().sinks()).as("no sink was attached").isEmpty();
    }

    @Test
    void csvRefusesAFieldNamedDiffNamingTheDiffOption() throws Exception {
        Table<Measurement> rows = measurements();
        Path out = dir.resolve("out.csv");
        assertThatThrownBy(() -> Csv.write(rows, out, FileWriteOptions.defaults().withTimeColumn("commit_time")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Csv.write to " + out + ": field Measurement.diff has the name \"diff\" of the column"
                        + " the sink adds for each change's diff")
                .hasMessageContaining("withDiffColumn(\"change\")");
    }

    @Test
    void aFieldRenamedToTimeWithColumnIsRefusedToo() throws Exception {
        Files.writeString(dir.resolve("s.csv"), "sensor,time\ns1,5\n");
        Table<Stamped> rows = Csv.read(dir.resolve("s.csv"), Stamped_.SCHEMA, CsvReadOptions.defaults().withStreaming(false));
        assertThatThrownBy(() -> JsonLines.write(rows, dir.resolve("out.jsonl")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("field Stamped.at (@Column(name = \"time\")) has the name \"time\"");
    }

    @Test
    void renamedChangeColumnsKeepTheRowsOwnTimeAndDiffInJsonLines() throws Exception {
        Path out = dir.resolve("out.jsonl");
        JsonLines.write(measurements(), out, FileWriteOptions.defaults().withTimeColumn("commit_time").withDiffColumn("change"));
        long before = System.currentTimeMillis();
        Tideway.run(STATIC);

        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(1);
        String line = lines.get(0);
        assertThat(line.replaceAll("\"commit_time\":\\d+", "\"commit_time\":T"))
                .isEqualTo("{\"sensor\":\"s1\",\"time\":1700000000,\"diff\":0.5,\"commit_time\":T,\"change\":1}");
        long commitTime = Long.parseLong(line.replaceAll(".*\"commit_time\":(\\d+).*", "$1"));
        assertThat(commitTime).as("the commit's wall-clock time in epoch ms").isBetween(before, System.currentTimeMillis());
    }

    @Test
    void renamedChangeColumnsGiveACsvHeaderWithDistinctNames() throws Exception {
        Path out = dir.resolve("out.csv");
        Csv.write(measurements(), out, FileWriteOptions.defaults().withTimeColumn("commit_time").withDiffColumn("change"));
        Tideway.run(STATIC);

        List<String> lines = Files.readAllLines(out);
        assertThat(lines.get(0)).isEqualTo("sensor,time,diff,commit_time,change");
        assertThat(lines.get(1)).matches("s1,1700000000,0\\.5,\\d+,1");
    }

    @Test
    void renamingTheChangeColumnsBetweenRunsRewritesTheFileInsteadOfMixingTwoFormats() throws Exception {
        Path input = Files.createDirectory(dir.resolve("in"));
        Files.writeString(input.resolve("a.csv"), "sensor,reading\nkitchen,21\n");
        Path out = dir.resolve("out.jsonl");
        PersistenceConfig state = PersistenceConfig.of(Backend.filesystem(dir.resolve("state")));
        CsvReadOptions read = CsvReadOptions.defaults().withStreaming(false).withPersistentId("readings");

        JsonLines.write(Csv.read(input, Reading_.SCHEMA, read), out);
        Tideway.run(RunConfig.defaults().withHandleSignals(false).withPersistence(state));
        assertThat(Files.readString(out)).contains("\"time\":").contains("\"diff\":1");

        Files.writeString(input.resolve("b.csv"), "sensor,reading\nhall,19\n");
        JsonLines.write(Csv.read(input, Reading_.SCHEMA, read), out, FileWriteOptions.defaults().withTimeColumn("at").withDiffColumn("change"));
        Tideway.run(RunConfig.defaults().withHandleSignals(false).withPersistence(state));

        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(2).allSatisfy(line -> assertThat(line).contains("\"at\":").contains("\"change\":1")
                .doesNotContain("\"time\"").doesNotContain("\"diff\""));
    }

    @Test
    void theTwoChangeColumnsNeedTwoNames() {
        assertThatThrownBy(() -> FileWriteOptions.defaults().withTimeColumn("diff"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the time and diff columns cannot both be named \"diff\"");
        assertThatThrownBy(() -> FileWriteOptions.defaults().withDiffColumn(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the diff column needs a name, not \" \"");
    }
}
