package dev.tideway.samples.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tideway.samples.MainRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code wordcount --runner flink --parallelism 2}: the same counts as the embedded engine, in part files of a directory. */
@Tag("slow")
class WordCountOnFlinkTest {
    @TempDir
    Path dir;

    @Test
    void theFlinkRunnerCountsAsTheEmbeddedOne() throws Exception {
        Path input = Files.createDirectories(dir.resolve("in"));
        Files.writeString(input.resolve("a.csv"), "word\napple\npear\napple\n");
        Files.writeString(input.resolve("b.csv"), "word\npear\nfig\napple\n");
        Path embedded = dir.resolve("embedded.jsonl");
        Path flink = dir.resolve("flink.jsonl");

        assertThat(MainRunner.run("wordcount", "--input", input.toString(), "--output", embedded.toString(), "--mode", "static")).isZero();
        Path checkpoints = dir.resolve("checkpoints");
        assertThat(MainRunner.run("wordcount", "--input", input.toString(), "--output", flink.toString(), "--mode", "static",
                "--runner", "flink", "--parallelism", "2", "--checkpoint-interval-ms", "200", "--checkpoint-dir",
                checkpoints.toUri().toString())).isZero();

        assertThat(Files.isDirectory(flink)).as("Flink's FileSink writes a directory of part files").isTrue();
        assertThat(PartFiles.consolidated(flink)).isEqualTo(PartFiles.consolidated(embedded))
                .containsOnly(java.util.Map.entry("{\"word\":\"apple\",\"count\":3}", 1), java.util.Map.entry("{\"word\":\"pear\",\"count\":2}", 1),
                        java.util.Map.entry("{\"word\":\"fig\",\"count\":1}", 1));
        try (var jobs = Files.list(checkpoints)) {
            assertThat(jobs.toList()).as("the job's checkpoint folder, under --checkpoint-dir").hasSize(1);
        }
    }

    @Test
    void flinkOptionsNeedTheFlinkRunnerAndStateNeedsTheEmbeddedOne() {
        assertThat(MainRunner.run("wordcount", "--input", "in", "--output", "out", "--parallelism", "2")).isEqualTo(2);
        assertThat(MainRunner.err()).contains("--parallelism needs --runner flink");
        assertThat(MainRunner.run("wordcount", "--input", "in", "--output", "out", "--checkpoint-dir", "file:///tmp/c")).isEqualTo(2);
        assertThat(MainRunner.err()).contains("--checkpoint-dir needs --runner flink");
        assertThat(MainRunner.run("wordcount", "--input", "in", "--output", "out", "--runner", "flink", "--state", "s")).isEqualTo(2);
        assertThat(MainRunner.err()).contains("on Flink the state lives in Flink's checkpoints");
        assertThat(MainRunner.run("wordcount", "--input", "kafka://127.0.0.1:9/words", "--output", "out", "--runner", "flink")).isEqualTo(2);
        assertThat(MainRunner.err()).contains("Kafka topics do not run on Flink yet");
        assertThat(MainRunner.run("wordcount", "--input", "in", "--output", "out", "--runner", "flink", "--metrics-port", "0")).isEqualTo(2);
        assertThat(MainRunner.err()).contains("--metrics-port is the embedded engine's");
        assertThat(MainRunner.run("wordcount", "--input", "in", "--output", "out", "--runner", "spark")).isEqualTo(2);
        assertThat(MainRunner.err()).contains("--runner must be embedded or flink");
    }
}
