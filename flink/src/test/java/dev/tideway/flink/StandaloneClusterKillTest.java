package dev.tideway.flink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The word count on a real multi-process Flink cluster on this machine: a standalone session cluster
 * (a JobManager and two TaskManagers, separate JVMs on 127.0.0.1), the job submitted to it through
 * its REST endpoint, files arriving while it runs, and one TaskManager killed with SIGKILL mid-run.
 * The job recovers on the other TaskManager from its last checkpoint; its output files, replayed in
 * order, hold every count exactly once: none lost, none duplicated.
 */
@Tag("slow")
class StandaloneClusterKillTest {
    @TempDir
    Path dir;

    @Test
    void aTaskManagerKilledMidRunLosesAndDuplicatesNothing() throws Exception {
        Path input = Files.createDirectories(dir.resolve("in"));
        Path output = dir.resolve("counts.jsonl");
        Random random = new Random(16);
        Map<String, Long> truth = new HashMap<>();
        try (StandaloneCluster cluster = StandaloneCluster.start(dir.resolve("cluster"), 2, 2)) {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createRemoteEnvironment("127.0.0.1", cluster.restPort(),
                    new Configuration());
            env.setParallelism(2);
            env.enableCheckpointing(200);
            String in = input.toString();
            String out = output.toString();
            FlinkRunner.translate(env, () -> WordCounts.build(in, out, true, false));
            JobClient job = env.executeAsync("word count on a standalone cluster");
            for (int file = 0; file < 12; file++) {
                writeWords(input.resolve("f" + file + ".csv"), random, 200, truth);
                if (file == 5) {
                    Await.until(Duration.ofSeconds(60), () -> !ConsolidatedOutput.lines(output).isEmpty(), () -> "no output yet");
                    cluster.killTaskManager(0);
                }
                Thread.sleep(100);
            }
            Map<String, Integer> expected = WordCounts.expected(input);
            Await.until(Duration.ofSeconds(120), () -> ConsolidatedOutput.of(output).equals(expected),
                    () -> "the output holds " + ConsolidatedOutput.of(output).size() + " counts, " + expected.size() + " expected");
            JsonNode exceptions = new ObjectMapper().readTree(cluster.rest("/jobs/" + job.getJobID() + "/exceptions"));
            assertThat(exceptions.path("exceptionHistory").path("entries").size())
                    .as("the job failed over when its TaskManager was killed: %s", exceptions).isPositive();
            job.cancel().get();
        }
        ExactlyOnce.Report report = ExactlyOnce.verify(ConsolidatedOutput.lines(output), truth);
        assertThat(report.problems()).isEmpty();
        assertThat(report.duplicated()).isZero();
        assertThat(report.lost()).isZero();
        assertThat(report.changes()).isGreaterThanOrEqualTo(truth.size());
    }

    private static void writeWords(Path file, Random random, int words, Map<String, Long> truth) throws Exception {
        StringBuilder text = new StringBuilder("word\n");
        for (int i = 0; i < words; i++) {
            String word = "w" + random.nextInt(50);
            text.append(word).append('\n');
            truth.merge(word, 1L, Long::sum);
        }
        Path written = file.resolveSibling("." + file.getFileName());
        Files.writeString(written, text);
        Files.move(written, file);
    }
}
