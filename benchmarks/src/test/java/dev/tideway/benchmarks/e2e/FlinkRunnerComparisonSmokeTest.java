package dev.tideway.benchmarks.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One tiny round of the Flink comparison: the embedded engine and Tideway on Flink at parallelism 1
 * and 2, each a child JVM (with its own MiniCluster) on a few hundred words, agree on the counts, and
 * the table is printed. Slow (three JVMs, two MiniClusters); not a timing.
 */
@Tag("slow")
class FlinkRunnerComparisonSmokeTest {
    @TempDir
    Path dir;

    @Test
    void runsOneTinyRoundAndPrintsTheTable() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        String table = FlinkRunnerComparison.run(new String[] {
                "--dir", dir.toString(), "--files", "2", "--words-per-file", "200", "--distinct", "50", "--runs", "1", "--warm-up", "0",
                "--samples-jar", dir.resolve("no-such.jar").toString()},
                new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(table).contains("| Tideway embedded, static", "| Tideway on Flink, parallelism 1", "| Tideway on Flink, parallelism 2");
        if (WordCountComparison.flinkAvailable()) {
            assertThat(table).contains("| hand-written Flink job, parallelism 2", "Tideway on Flink vs the hand-written job, parallelism 2");
        } else {
            assertThat(table).contains("the hand-written Flink job: not run");
        }
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains(table);
    }
}
