package dev.tideway.benchmarks.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One tiny iteration of the end-to-end comparison: every contender runs as a child process on a few
 * hundred words and agrees with the hand loop, and the table and the streaming figure are printed.
 * Not a timing: the figures of a run this small mean nothing.
 */
class WordCountComparisonSmokeTest {
    @TempDir
    Path dir;

    @Test
    void runsOneTinyIterationAndPrintsTheTable() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        String table = WordCountComparison.run(new String[] {
                "--dir", dir.toString(), "--files", "2", "--words-per-file", "200", "--distinct", "50", "--runs", "1",
                "--history-small", "200", "--history-large", "400", "--new-file-words", "10",
                "--stream-files", "2", "--stream-words-per-file", "50", "--stream-interval-ms", "50",
                "--skip-flink", "--samples-jar", dir.resolve("no-such.jar").toString()},
                new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(table).contains("| hand-written Java loop", "| Tideway static ", "| Tideway static, filesystem state",
                "| Tideway restart after 200 words", "| Tideway restart after 400 words", "peak RSS MiB",
                "filesystem state vs none: time ", "state folder / input: ");
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains(table).contains("words/s sustained");
    }
}
