package dev.tideway.samples.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The error log across a SIGKILL: a child JVM withholds failing rows and writes them to its error log
 * file, is killed, and its restart replays the write-ahead log (meeting the same errors again) and
 * goes on. Every error is in the error log once, and the retraction of a withheld row after the
 * restart is dropped, so the counts stay right.
 */
@Tag("slow")
class ErrorLogKillTest {
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void errorsAreLoggedOnceAcrossAKillAndTheirRetractionsAreDropped() throws Exception {
        Path input = Files.createDirectories(dir.resolve("prices"));
        Path out = dir.resolve("counts.jsonl");
        Path errors = dir.resolve("errors.jsonl");
        Files.writeString(input.resolve("a.csv"), "sku,amount\npen,1.50\nink,1.005\n");

        Process first = start(dir.resolve("first.log"), input, out, errors);
        await("pen counted and ink's error logged", () -> holds(out, "{\"word\":\"pen\",\"count\":1}") && lines(errors) == 1);
        write(input.resolve("b.csv"), "sku,amount\npad,2.00\ncup,0.001\n");
        await("pad counted and cup's error logged", () -> holds(out, "{\"word\":\"pad\",\"count\":1}") && lines(errors) == 2);
        first.destroyForcibly().waitFor();

        Process second = start(dir.resolve("second.log"), input, out, errors);
        write(input.resolve("c.csv"), "sku,amount\npen,3.00\n");
        await("the second pen counted", () -> holds(out, "{\"word\":\"pen\",\"count\":2}"));
        Files.delete(input.resolve("a.csv"));
        await("a.csv's pen retracted", () -> holds(out, "{\"word\":\"pen\",\"count\":1}"));
        second.destroy();   // SIGTERM: a graceful stop
        assertThat(second.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();

        assertThat(Files.readString(dir.resolve("second.log"))).as("the restart replayed the log")
                .containsPattern("recovered from .* [1-9][0-9]* log records replayed");
        assertThat(Consolidated.of(out)).containsOnlyKeys("{\"word\":\"pen\",\"count\":1}", "{\"word\":\"pad\",\"count\":1}");
        List<String> logged = Files.readAllLines(errors);
        assertThat(logged).as("each error once, though the restart met them again").hasSize(2);
        assertThat(logged.get(0)).contains("\"row\":\"Price[sku=ink, amount=1.005]\"", "a.csv, line 3");
        assertThat(logged.get(1)).contains("\"row\":\"Price[sku=cup, amount=0.001]\"", "b.csv, line 3");
        assertThat(Consolidated.of(errors).values()).containsOnly(1);
    }

    private Process start(Path log, Path input, Path out, Path errors) throws IOException {
        List<String> command = new ArrayList<>(List.of(JAVA, "-cp", System.getProperty("java.class.path"), "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-Xmx256m", PricesInCentsMain.class.getName(), input.toString(), out.toString(), errors.toString(),
                dir.resolve("state").toString()));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static void write(Path file, String text) throws IOException {
        Path aside = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(aside, text);
        Files.move(aside, file);
    }

    private static boolean holds(Path output, String row) {
        try {
            return Files.exists(output) && Map.of(row, 1).equals(Map.of(row, Consolidated.of(output).getOrDefault(row, 0)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file).size() : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }
}
