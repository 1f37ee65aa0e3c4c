package dev.tideway.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The samples' {@code --quiet} and {@code --metrics-port}: a static word count tells what it read on
 * standard error (captured here, where the samples' SLF4J binding writes), unless quiet; a port that
 * is not one is a usage error.
 */
class WatchingOptionsTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private PrintStream systemErr;

    @TempDir
    Path dir;

    @BeforeEach
    void captureTheLog() {
        systemErr = System.err;
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreTheLog() {
        System.setErr(systemErr);
    }

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private Path words() throws Exception {
        Path input = Files.createDirectories(dir.resolve("words"));
        Files.writeString(input.resolve("a.csv"), "word\napple\npear\n");
        Files.writeString(input.resolve("b.csv"), "word\napple\n");
        return input;
    }

    @Test
    void aStaticRunTellsWhatItReadWhenItEnds() throws Exception {
        Path input = words();
        assertThat(run("wordcount", "--input", input.toString(), "--output", dir.resolve("counts.jsonl").toString(), "--mode", "static"))
                .isZero();
        long bytes = Files.size(input.resolve("a.csv")) + Files.size(input.resolve("b.csv"));
        assertThat(log.toString(StandardCharsets.UTF_8)).containsPattern("INFO progress - read 2 units \\(" + bytes + " B\\), 3 rows in"
                + " [0-9.]+ m?s \\([0-9,]+ rows/s\\); 2 changes written, 1 commit; 0 errors");
    }

    @Test
    void quietTellsNothing() throws Exception {
        Path input = words();
        assertThat(run("wordcount", "--input", input.toString(), "--quiet", "--output", dir.resolve("counts.jsonl").toString(),
                "--mode", "static")).isZero();
        assertThat(log.toString(StandardCharsets.UTF_8)).doesNotContain("progress");
        assertThat(Files.readAllLines(dir.resolve("counts.jsonl"))).hasSize(2);
    }

    @Test
    void helpAfterAFlagIsStillHelp() {
        assertThat(run("wordcount", "--quiet", "help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--metrics-port N", "--quiet");
    }

    @Test
    void aMetricsPortThatIsNotAPortIsAUsageError() throws Exception {
        Path input = words();
        assertThat(run("wordcount", "--input", input.toString(), "--output", dir.resolve("counts.jsonl").toString(), "--metrics-port", "http"))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("error: --metrics-port must be a TCP port (0 to 65535), not http");
        assertThat(run("sensors", "--input", input.toString(), "--output", dir.resolve("s.jsonl").toString(), "--metrics-port", "70000"))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("not 70000");
        assertThat(dir.resolve("counts.jsonl")).doesNotExist();
    }
}
