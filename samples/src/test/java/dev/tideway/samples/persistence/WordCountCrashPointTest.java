package dev.tideway.samples.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The word count in a child JVM crashed at the worst moments on purpose (the test hooks of
 * {@code CrashPoints}), on damaged state (a torn log segment, a corrupt snapshot byte), and started
 * where it must refuse to (a second process on one state, a state location that is a file).
 */
@Tag("slow")
class WordCountCrashPointTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path work;

    private Path output;
    private Path state;

    @ParameterizedTest(name = "{0}, commit {1}")
    @CsvSource({"after-log, 1", "after-log, 2", "after-log, 3",
            "during-snapshot, 1", "during-snapshot, 2", "during-snapshot, 3",
            "before-metadata, 1", "before-metadata, 2", "before-metadata, 3"})
    void aCrashAtAWorstMomentLosesAndDuplicatesNothing(String point, int after) throws Exception {
        WordFiles input = start();
        int exit = crashAt(input, point, after);
        assertThat(exit).as("the child halts itself at %s; log:%n%s", point, log("crash")).isEqualTo(137);

        input.writeFile();
        assertThat(run(input, "clean")).as("clean run; log:%n%s", log("clean")).isZero();
        assertExactlyOnce(input);
    }

    @Test
    void aTornSegmentThatNoMetadataNamesIsDiscarded() throws Exception {
        WordFiles input = start();
        // Segment 3 is durable, its metadata is not: the crash leaves it above the committed sequence.
        assertThat(crashAt(input, "after-log", 3)).isEqualTo(137);
        Path last = lastSegment();
        truncate(last, 5);

        assertThat(run(input, "clean")).as("log:%n%s", log("clean")).isZero();
        assertThat(log("clean")).contains("deleted 1 segment(s) above sequence");
        assertThat(last).doesNotExist();
        assertExactlyOnce(input);
    }

    @Test
    void aTornSegmentThatMetadataNamesIsAClearErrorAndNothingIsTouched() throws Exception {
        WordFiles input = start();
        // With no snapshot due, segments 1 and 2 are committed and stay; 3 is above the metadata.
        assertThat(crashAt(input, "after-log", 3)).isEqualTo(137);
        Files.delete(lastSegment());
        Path committed = lastSegment();
        truncate(committed, 3);
        byte[] outputBefore = Files.readAllBytes(output);

        assertThat(run(input, "clean")).as("log:%n%s", log("clean")).isEqualTo(1);
        String log = log("clean");
        assertThat(log).contains("error: ", "\"words\"", state.relativize(committed).toString().replace('\\', '/'),
                "damaged");
        assertThat(log).doesNotContain("\tat ");
        assertThat(Files.readAllBytes(output)).isEqualTo(outputBefore);
        assertThat(committed).exists();
    }

    @Test
    void aCorruptSnapshotByteIsAClearErrorNamingTheObject() throws Exception {
        WordFiles input = start();
        assertThat(run(input, "first")).isZero();
        Path object;
        try (Stream<Path> files = Files.walk(state.resolve("snapshots"))) {
            object = files.filter(f -> Files.isRegularFile(f) && f.getFileName().toString().startsWith("op-"))
                    .findFirst().orElseThrow();
        }
        try (RandomAccessFile file = new RandomAccessFile(object.toFile(), "rw")) {
            long at = file.length() / 2;
            file.seek(at);
            int b = file.read();
            file.seek(at);
            file.write(b ^ 0x10);
        }
        byte[] outputBefore = Files.readAllBytes(output);
        input.writeFile();

        assertThat(run(input, "second")).isEqualTo(1);
        String log = log("second");
        assertThat(log).contains("error: ", state.relativize(object).toString().replace('\\', '/'), "damaged");
        assertThat(log).doesNotContain("\tat ");
        assertThat(Files.readAllBytes(output)).isEqualTo(outputBefore);
    }

    @Test
    void aSecondProcessOnTheSameStateIsRefusedNamingTheLocation() throws Exception {
        WordFiles input = start();
        WordCountProcess first = WordCountProcess.start(work.resolve("first.log"), List.of(),
                WordCountProcess.args(input.dir(), output, "streaming", 50, state, 1000));
        try {
            Await.require(TIMEOUT, "the first process to hold the state",
                    () -> !first.alive() || first.log().contains("no state at"));
            assertThat(first.alive()).as("log:%n%s", first.log()).isTrue();
            int exit = WordCountProcess.run(work.resolve("second.log"), List.of(),
                    WordCountProcess.args(input.dir(), work.resolve("other.jsonl"), "static", 50, state, 1000), TIMEOUT);
            assertThat(exit).isEqualTo(1);
            assertThat(log("second")).contains("error: state location " + state.toAbsolutePath(), "in use by another process",
                    "process " + first.process().pid()).doesNotContain("\tat ");
        } finally {
            first.kill();
        }
    }

    @Test
    void aStateLocationThatIsAFileIsAClearError() throws Exception {
        WordFiles input = start();
        Files.writeString(state, "not a folder");
        assertThat(run(input, "clean")).isEqualTo(1);
        assertThat(log("clean")).contains("error: state location " + state.toAbsolutePath() + " exists but is not a folder")
                .doesNotContain("\tat ");
    }

    // ---- helpers ----

    private WordFiles start() {
        output = work.resolve("counts.jsonl");
        state = work.resolve("state");
        WordFiles input = new WordFiles(work.resolve("in"), 42);
        for (int i = 0; i < 3; i++) {
            input.writeFile();
        }
        return input;
    }

    /** Runs the streaming child with a crash point, adding a file every few milliseconds until it halts. */
    private int crashAt(WordFiles input, String point, int after) throws InterruptedException {
        WordCountProcess child = WordCountProcess.start(work.resolve("crash.log"),
                List.of("tideway.test.crashAt=" + point, "tideway.test.crashAfter=" + after),
                WordCountProcess.args(input.dir(), output, "streaming", 20, state, point.equals("during-snapshot") ? 0 : 60_000));
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!child.process().waitFor(30, java.util.concurrent.TimeUnit.MILLISECONDS)) {
            if (System.nanoTime() > deadline) {
                child.kill();
                throw new AssertionError("the child never reached " + point + "; log:\n" + child.log());
            }
            input.writeFile();
        }
        return child.process().exitValue();
    }

    private int run(WordFiles input, String name) {
        return WordCountProcess.run(work.resolve(name + ".log"), List.of(),
                WordCountProcess.args(input.dir(), output, "static", 20, state, 60_000), TIMEOUT);
    }

    private void assertExactlyOnce(WordFiles input) {
        Map<String, Long> truth = WordFiles.trueCounts(input.dir());
        ExactlyOnceVerifier.Report report = ExactlyOnceVerifier.verify(output, truth);
        assertThat(report.violations()).as("%s", report).isZero();
        assertThat(report.live()).isEqualTo(truth);
    }

    private Path lastSegment() throws IOException {
        try (Stream<Path> files = Files.list(state.resolve("log/words"))) {
            return files.filter(f -> f.getFileName().toString().matches("[0-9]+")).sorted().reduce((a, b) -> b).orElseThrow();
        }
    }

    private static void truncate(Path file, int bytes) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(raf.length() - bytes);
        }
    }

    private String log(String name) throws IOException {
        return Files.readString(work.resolve(name + ".log"));
    }
}
