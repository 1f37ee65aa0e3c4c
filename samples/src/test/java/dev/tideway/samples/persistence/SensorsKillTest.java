package dev.tideway.samples.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The windowed sensor sample in a child JVM, killed with SIGKILL at random moments while a producer
 * keeps adding files of readings: its windows, their delay and cutoff, the watermark and the
 * append-only source are restored from snapshots and the log, and its output holds every window's
 * average exactly once (no change lost, duplicated or out of order) after a last static run.
 */
@Tag("slow")
class SensorsKillTest {
    private static final int KILLS = 12;
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path work;

    static List<String> args(Path input, Path output, String mode, long pollMs, Path state, long snapshotMs) {
        return List.of("sensors", "--input", input.toString(), "--output", output.toString(), "--mode", mode,
                "--poll-interval-ms", Long.toString(pollMs), "--state", state.toString(), "--snapshot-interval-ms", Long.toString(snapshotMs));
    }

    @Test
    void windowedOutputIsExactlyOnceAfterSigkillsAtRandomMoments() throws Exception {
        long seed = Long.getLong("tideway.test.seed", System.nanoTime());
        Random random = new Random(seed);
        SensorFiles input = new SensorFiles(work.resolve("in"), seed);
        Path output = work.resolve("averages.jsonl");
        Path state = work.resolve("state");
        AtomicBoolean producing = new AtomicBoolean(true);
        Thread producer = new Thread(() -> {
            Random pace = new Random(seed + 1);
            while (producing.get()) {
                input.writeFile();
                LockSupport.parkNanos(Duration.ofMillis(10 + pace.nextInt(40)).toNanos());
            }
        }, "producer");
        producer.start();
        int killedAfterProgress = 0;
        try {
            for (int kill = 1; kill <= KILLS; kill++) {
                long poll = 20 + random.nextInt(31);
                long snapshot = 100 + random.nextInt(201);
                WordCountProcess child = WordCountProcess.start(work.resolve("run-" + kill + ".log"), List.of(),
                        args(input.dir(), output, "streaming", poll, state, snapshot));
                boolean started = Await.until(RUN_TIMEOUT,
                        () -> !child.alive() || child.log().contains("recovered from") || child.log().contains("no state at"));
                assertThat(child.alive()).as("child %s alive after start; log:%n%s", kill, child.log()).isTrue();
                assertThat(started).isTrue();
                if (random.nextInt(4) > 0) {
                    // most kills land while batches are committed: after the output grew, plus a part of a poll
                    long from = size(output);
                    long grow = 1 + random.nextInt(3_000);
                    if (Await.until(Duration.ofSeconds(10), () -> size(output) >= from + grow || !child.alive())) {
                        killedAfterProgress++;
                    }
                    LockSupport.parkNanos(Duration.ofMillis(random.nextInt(150)).toNanos());
                }
                assertThat(child.alive()).as("child %s still running before its kill; log:%n%s", kill, child.log()).isTrue();
                child.kill();
            }
        } finally {
            producing.set(false);
            producer.join();
        }
        int exit = WordCountProcess.run(work.resolve("final.log"), List.of(), args(input.dir(), output, "static", 20, state, 200),
                RUN_TIMEOUT);
        assertThat(exit).as("final static run; log:%n%s", Files.readString(work.resolve("final.log"))).isZero();

        SensorOutput.Report report = SensorOutput.verify(output, SensorFiles.expected(input.dir()));
        System.out.printf("seed %d: %d kills (%d after output progress), %d input files, %s%n", seed, KILLS, killedAfterProgress,
                input.written(), report);
        assertThat(report.violations()).as("seed %d: %s", seed, report).isZero();
        assertThat(report.live()).as("windows computed").hasSizeGreaterThan(10);
        assertThat(killedAfterProgress).as("kills that landed while the output was growing").isGreaterThan(KILLS / 3);
    }

    private static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (java.io.IOException e) {
            return 0;
        }
    }
}
