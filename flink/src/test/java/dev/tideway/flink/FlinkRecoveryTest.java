package dev.tideway.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A streaming word count on Flink (MiniCluster, two TaskManagers, parallelism 2) whose input changes
 * while it runs: files added, rewritten and deleted, a failure injected, a TaskManager terminated, a
 * stop with a savepoint and a restart at another parallelism. After each, the output files, summed,
 * are exactly what the embedded engine computes from the input as it is: nothing lost, nothing twice.
 */
@Tag("slow")
class FlinkRecoveryTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkClusters.twoTaskManagers();

    @TempDir
    Path dir;

    private Path input;
    private Path output;

    private JobClient start(int parallelism, String savepoint) throws Exception {
        input = Files.createDirectories(dir.resolve("in"));
        output = dir.resolve("counts.jsonl");
        Configuration config = new Configuration();
        config.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 5);
        config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        if (savepoint != null) {
            config.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        env.setParallelism(parallelism);
        env.enableCheckpointing(100);
        String in = input.toString();
        String out = output.toString();
        FlinkRunner.translate(env, () -> WordCounts.build(in, out, true, true));
        return env.executeAsync("streaming word count");
    }

    private void awaitResult() throws Exception {
        Map<String, Integer> expected = WordCounts.expected(input);
        Await.until(WAIT, () -> ConsolidatedOutput.of(output).equals(expected),
                () -> "expected " + expected + ", the output holds " + ConsolidatedOutput.of(output));
    }

    @Test
    void addedRewrittenAndDeletedFilesAreCountedAsTheEmbeddedEngineCountsThem() throws Exception {
        JobClient job = start(2, null);
        Files.writeString(input.resolve("a.csv"), "word\napple\npear\napple\n");
        Files.writeString(input.resolve("b.csv"), "word\npear\nfig\n");
        awaitResult();
        Files.writeString(input.resolve("a.csv"), "word\napple\nplum\nplum\n");
        Files.delete(input.resolve("b.csv"));
        Files.writeString(input.resolve("c.csv"), "word\nfig\nfig\n");
        awaitResult();
        job.cancel().get();
        assertThat(ConsolidatedOutput.lines(output)).anySatisfy(line -> assertThat(line).contains("\"diff\":-1"));
        assertThat(WordCounts.expected(input)).containsOnlyKeys("{\"count\":1,\"word\":\"apple\"}", "{\"count\":2,\"word\":\"plum\"}",
                "{\"count\":2,\"word\":\"fig\"}");
    }

    @Test
    void anInjectedFailureRecoversFromTheLastCheckpoint() throws Exception {
        JobClient job = start(2, null);
        Files.writeString(input.resolve("a.csv"), "word\napple\npear\n");
        awaitResult();
        WordCounts.FAILURES_TO_INJECT.set(1);
        Files.writeString(input.resolve("b.csv"), "word\npear\nboom\nfig\n");
        awaitResult();
        assertThat(WordCounts.FAILURES_TO_INJECT.get()).as("the failure was injected").isZero();
        Files.writeString(input.resolve("c.csv"), "word\nfig\n");
        awaitResult();
        job.cancel().get();
    }

    @Test
    void aTaskManagerTerminatedMidRunIsReplacedByTheOther(@InjectMiniCluster MiniCluster cluster) throws Exception {
        JobClient job = start(2, null);
        Files.writeString(input.resolve("a.csv"), "word\napple\npear\napple\n");
        awaitResult();
        cluster.terminateTaskManager(0).get();
        try {
            Files.writeString(input.resolve("b.csv"), "word\npear\nfig\n");
            awaitResult();
            Files.writeString(input.resolve("a.csv"), "word\nkiwi\n");
            awaitResult();
            job.cancel().get();
            assertThat(cluster.getArchivedExecutionGraph(job.getJobID()).get().getStatusTimestamp(JobStatus.RESTARTING))
                    .as("the job lost tasks with the TaskManager and restarted").isPositive();
        } finally {
            cluster.startTaskManager();
        }
    }

    @Test
    void aSavepointRestoresIntoAnotherParallelism() throws Exception {
        JobClient job = start(2, null);
        Files.writeString(input.resolve("a.csv"), "word\napple\npear\napple\n");
        Files.writeString(input.resolve("b.csv"), "word\npear\nfig\n");
        awaitResult();
        String savepoint = job.stopWithSavepoint(false, dir.resolve("savepoints").toUri().toString(), SavepointFormatType.CANONICAL).get();
        Files.writeString(input.resolve("a.csv"), "word\napple\n");
        Files.writeString(input.resolve("c.csv"), "word\nfig\nkiwi\n");
        JobClient restarted = start(1, savepoint);
        awaitResult();
        Files.delete(input.resolve("b.csv"));
        awaitResult();
        restarted.cancel().get();
        // the restored job retracted what the first one wrote: its state came back from the savepoint
        assertThat(ConsolidatedOutput.lines(output)).anySatisfy(line -> assertThat(line).contains("\"word\":\"pear\",\"count\":2,"));
    }
}
