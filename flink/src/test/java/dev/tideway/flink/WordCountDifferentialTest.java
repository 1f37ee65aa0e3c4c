package dev.tideway.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tideway.Pipeline;
import dev.tideway.Reducers;
import dev.tideway.io.csv.Csv;
import dev.tideway.io.csv.CsvReadOptions;
import dev.tideway.io.jsonlines.JsonLines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@Tag("slow")
class WordCountDifferentialTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkClusters.twoTaskManagers();

    @TempDir
    Path dir;

    static void wordCount(String input, String output) {
        JsonLines.write(Csv.read(Path.of(input), Word_.SCHEMA, CsvReadOptions.defaults().withStreaming(false))
                .groupBy(Word_.word)
                .reduce(WordCount_.of(Word_.word, Reducers.count())), Path.of(output));
    }

    @Test
    void flinkAtParallelismTwoCountsAsTheEmbeddedEngine() throws Exception {
        Path input = Files.createDirectories(dir.resolve("in"));
        Files.writeString(input.resolve("a.csv"), "word\napple\npear\napple\nplum\n");
        Files.writeString(input.resolve("b.csv"), "word\npear\napple\nfig\n");
        String in = input.toString();
        String embeddedOut = dir.resolve("embedded.jsonl").toString();
        String flinkOut = dir.resolve("flink.jsonl").toString();

        try (Pipeline pipeline = Pipeline.create()) {
            wordCount(in, embeddedOut);
            pipeline.run();
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(200);
        FlinkRunner.execute(env, () -> wordCount(in, flinkOut), "word count");

        Map<String, Integer> expected = ConsolidatedOutput.of(Path.of(embeddedOut));
        assertThat(expected).containsOnly(
                Map.entry("{\"count\":3,\"word\":\"apple\"}", 1),
                Map.entry("{\"count\":2,\"word\":\"pear\"}", 1),
                Map.entry("{\"count\":1,\"word\":\"plum\"}", 1),
                Map.entry("{\"count\":1,\"word\":\"fig\"}", 1));
        assertThat(ConsolidatedOutput.of(Path.of(flinkOut))).isEqualTo(expected);
    }
}
