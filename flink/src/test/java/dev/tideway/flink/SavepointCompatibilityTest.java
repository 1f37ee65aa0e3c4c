package dev.tideway.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tideway.Reducers;
import dev.tideway.io.csv.Csv;
import dev.tideway.io.csv.CsvReadOptions;
import dev.tideway.io.jsonlines.JsonLines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a savepoint carries across an edit of the pipeline, as Tideway's own state does: a source's
 * record that gains a nullable field is migrated (the rows held to retract a changed file are read
 * into the new record), and the operators after it keep their state; an operator whose definition
 * changed is refused on restore, naming it, because Flink has no recorded input to rebuild it from.
 */
@Tag("slow")
class SavepointCompatibilityTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkClusters.twoTaskManagers();

    @TempDir
    Path dir;

    static void countWords(String input, String output) {
        JsonLines.write(Csv.read(Path.of(input), Word_.SCHEMA, options())
                .groupBy(Word_.word).reduce(WordCount_.of(Word_.word, Reducers.count())), Path.of(output));
    }

    static void countWeightedWords(String input, String output) {
        JsonLines.write(Csv.read(Path.of(input), WeightedWord_.SCHEMA, options())
                .groupBy(WeightedWord_.word).reduce(WordCount_.of(WeightedWord_.word, Reducers.count())), Path.of(output));
    }

    static void countDistinctWords(String input, String output) {
        JsonLines.write(Csv.read(Path.of(input), Word_.SCHEMA, options())
                .groupBy(Word_.word).reduce(WordCount_.of(Word_.word, Reducers.countDistinct(Word_.word))), Path.of(output));
    }

    private static CsvReadOptions options() {
        return CsvReadOptions.defaults().withStreaming(true).withPollInterval(Duration.ofMillis(50)).withPersistentId("words");
    }

    private JobClient start(PipelineDefinition pipeline, String savepoint) throws Exception {
        Configuration config = new Configuration();
        config.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        if (savepoint != null) {
            config.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        env.setParallelism(2);
        env.enableCheckpointing(100);
        FlinkRunner.translate(env, pipeline);
        return env.executeAsync("word count");
    }

    private String runToSavepoint(Path input, Path output) throws Exception {
        String in = input.toString();
        String out = output.toString();
        JobClient first = start(() -> countWords(in, out), null);
        Map<String, Integer> expected = WordCounts.expected(input);
        Await.until(WAIT, () -> ConsolidatedOutput.of(output).equals(expected), () -> "output " + ConsolidatedOutput.of(output));
        return first.stopWithSavepoint(false, dir.resolve("savepoints").toUri().toString(), SavepointFormatType.CANONICAL).get();
    }

    @Test
    void aSourceRecordWithANewNullableFieldIsMigratedAndTheCountsContinue() throws Exception {
        Path input = Files.createDirectories(dir.resolve("in"));
        Path output = dir.resolve("counts.jsonl");
        Files.writeString(input.resolve("a.csv"), "word\napple\npear\napple\n");
        Files.writeString(input.resolve("b.csv"), "word\npear\n");
        String savepoint = runToSavepoint(input, output);

        // the file read before the savepoint changes: its old rows, restored in the new record, are retracted
        Files.writeString(input.resolve("a.csv"), "word\napple\n");
        String in = input.toString();
        String out = output.toString();
        JobClient second = start(() -> countWeightedWords(in, out), savepoint);
        Map<String, Integer> expected = Map.of("{\"count\":1,\"word\":\"apple\"}", 1, "{\"count\":1,\"word\":\"pear\"}", 1);
        Await.until(WAIT, () -> ConsolidatedOutput.of(output).equals(expected), () -> "output " + ConsolidatedOutput.of(output));
        second.cancel().get();
    }

    @Test
    void anOperatorWhoseDefinitionChangedIsRefusedOnRestoreNamingIt() throws Exception {
        Path input = Files.createDirectories(dir.resolve("in"));
        Files.writeString(input.resolve("a.csv"), "word\napple\npear\napple\n");
        String savepoint = runToSavepoint(input, dir.resolve("counts.jsonl"));

        String in = input.toString();
        String out = dir.resolve("counts.jsonl").toString();
        JobClient changed = start(() -> countDistinctWords(in, out), savepoint);
        assertThatThrownBy(() -> changed.getJobExecutionResult().get())
                .rootCause()
                .hasMessageContaining("group-by{keys=[$word:string]")
                .hasMessageContaining("changed since its state was written")
                .hasMessageContaining("start the job without the savepoint");
    }
}
