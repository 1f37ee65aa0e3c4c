package dev.tideway.benchmarks.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One tiny iteration of the Kafka comparison on its own broker: both contenders count a few
 * thousand words and the table is printed. Not a timing: figures of a run this small mean nothing.
 */
@Tag("slow")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class KafkaWordCountComparisonSmokeTest {
    @TempDir
    Path dir;

    @Test
    void runsOneTinyIterationAndPrintsTheTable() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        String table = KafkaWordCountComparison.run(new String[] {
                "--dir", dir.toString(), "--words", "3000", "--distinct", "100", "--partitions", "2", "--runs", "1",
                "--rate", "300", "--latency-seconds", "4"}, new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(table).contains("| Tideway (Kafka source", "| Kafka Streams 4.3.1", "throughput ratio Tideway / Kafka Streams");
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("latency Tideway").contains("latency Kafka Streams")
                .doesNotContain("only ");
    }
}
