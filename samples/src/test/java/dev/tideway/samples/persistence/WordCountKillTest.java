package dev.tideway.samples.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The persistent word count in a child JVM, stopped the hard way (SIGKILL at random moments, many
 * times) and the soft way (SIGTERM), while a producer keeps adding files: its output file must hold
 * every change exactly once.
 */
@Tag("slow")
class WordCountKillTest {
    private static final int KILLS = 20;
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path work;

    @Test
    void outputIsExactlyOnceAfterManySigkillsAtRandomMoments() throws Exception {
        killRepeatedly(random -> 1);
    }

    /**
     * As above, each restart on another number of workers (1 to 4, at random): the state written with
     * N workers is restored with M, and the output still holds every change exactly once.
     */
    @Test
    void outputIsExactlyOnceAfterSigkillsWithTheNumberOfWorkersChangedAtEveryRestart() throws Exception {
        killRepeatedly(random -> 1 + random.nextInt(4));
    }

    private void killRepeatedly(ToIntFunction<Random> workersOfRun) throws Exception {
        long seed = Long.getLong("tideway.test.seed", System.nanoTime());
        Random random = new Random(seed);
        WordFiles input = new WordFiles(work.resolve("in"), seed);
        Path output = work.resolve("counts.jsonl");
        Path state = work.resolve("state");
        AtomicBoolean producing = new AtomicBoolean(true);
        Thread producer = new Thread(() -> {
            Random pace = new Random(seed + 1);
            while (producing.get()) {
                input.writeFile();
                LockSupport.parkNanos(Duration.ofMillis(10 + pace.nextInt(40)).toNanos()); // the producer's pace
            }
        }, "producer");
        producer.start();
        int killedAfterProgress = 0;
        try {
            for (int kill = 1; kill <= KILLS; kill++) {
                long poll = 20 + random.nextInt(31);
                long snapshot = 100 + random.nextInt(201);
                int workers = workersOfRun.applyAsInt(random);
                WordCountProcess child = WordCountProcess.start(work.resolve("run-" + kill + ".log"), List.of(),
                        WordCountProcess.args(input.dir(), output, "streaming", poll, state, snapshot, workers));
                // Recovered (or started afresh) and ready to poll: the log says so.
                boolean started = Await.until(RUN_TIMEOUT,
                        () -> !child.alive() || child.log().contains("recovered from") || child.log().contains("no state at"));
                assertThat(child.alive()).as("child %s alive after start; log:%n%s", kill, child.log()).isTrue();
                assertThat(started).isTrue();
                if (random.nextInt(5) > 0) {
                    // Most kills land while batches are being committed: after the output grew by
                    // a random amount, plus a random fraction of a poll.
                    long from = size(output);
                    long grow = 1 + random.nextInt(15_000); // a batch of one file is about 1 KB
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
        int exit = WordCountProcess.run(work.resolve("final.log"), List.of(),
                WordCountProcess.args(input.dir(), output, "static", 20, state, 200, workersOfRun.applyAsInt(random)), RUN_TIMEOUT);
        assertThat(exit).as("final static run; log:%n%s", Files.readString(work.resolve("final.log"))).isZero();

        Map<String, Long> truth = WordFiles.trueCounts(input.dir());
        ExactlyOnceVerifier.Report report = ExactlyOnceVerifier.verify(output, truth);
        System.out.printf("seed %d: %d kills (%d after output progress), %d input files, %s%n",
                seed, KILLS, killedAfterProgress, input.written(), report);
        assertThat(report.violations()).as("seed %d: %s", seed, report).isZero();
        assertThat(report.live()).isEqualTo(truth);
        assertThat(killedAfterProgress).as("kills that landed while the output was growing").isGreaterThan(KILLS / 2);
    }

    @Test
    void sigtermStopsGracefullyWithExitZeroAndTheOutputComplete() throws Exception {
        WordFiles input = new WordFiles(work.resolve("in"), 7);
        Path output = work.resolve("counts.jsonl");
        Path state = work.resolve("state");
        for (int i = 0; i < 5; i++) {
            input.writeFile();
        }
        WordCountProcess child = WordCountProcess.start(work.resolve("run.log"), List.of(),
                WordCountProcess.args(input.dir(), output, "streaming", 30, state, 200));
        Map<String, Long> firstTruth = WordFiles.trueCounts(input.dir());
        Await.require(RUN_TIMEOUT, "the first files counted", () -> ExactlyOnceVerifier.liveCounts(output).equals(firstTruth));
        for (int i = 0; i < 5; i++) {
            input.writeFile();
        }
        Map<String, Long> truth = WordFiles.trueCounts(input.dir());
        Await.require(RUN_TIMEOUT, "the new files counted", () -> ExactlyOnceVerifier.liveCounts(output).equals(truth));

        child.process().destroy(); // SIGTERM
        assertThat(child.awaitExit(RUN_TIMEOUT)).as("exit code on SIGTERM; log:%n%s", child.log()).isZero();
        assertThat(child.log()).contains("received SIGTERM").doesNotContain("Exception");
        ExactlyOnceVerifier.Report report = ExactlyOnceVerifier.verify(output, truth);
        assertThat(report.violations()).as("%s", report).isZero();

        // A restart with nothing new writes nothing: everything was delivered, once.
        long length = Files.size(output);
        int again = WordCountProcess.run(work.resolve("again.log"), List.of(),
                WordCountProcess.args(input.dir(), output, "static", 30, state, 200), RUN_TIMEOUT);
        assertThat(again).isZero();
        assertThat(Files.size(output)).isEqualTo(length);

        input.writeFile();
        int last = WordCountProcess.run(work.resolve("last.log"), List.of(),
                WordCountProcess.args(input.dir(), output, "static", 30, state, 200), RUN_TIMEOUT);
        assertThat(last).isZero();
        ExactlyOnceVerifier.Report after = ExactlyOnceVerifier.verify(output, WordFiles.trueCounts(input.dir()));
        assertThat(after.violations()).as("%s", after).isZero();
    }

    private static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (java.io.IOException e) {
            return 0; // cut back by a recovery while we looked
        }
    }
}
