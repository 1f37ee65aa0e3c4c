package dev.tideway.samples.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link WordCountKillTest}'s SIGKILL loop with the state on an object store: the store's server
 * runs for the whole test (s3proxy in this JVM, Azurite in a process of its own) and outlives the
 * children, which reach it through their environment as a user's run does ({@code AWS_*},
 * {@code AZURE_STORAGE_CONNECTION_STRING}).
 *
 * <p>A killed child leaves its lease behind, so its successor may be refused until the lease
 * expires; the lease is short here ({@code TIDEWAY_LEASE_SECONDS}), the refusal must name the lease
 * object and when it expires, and the harness waits until then and starts again.
 */
@Tag("slow")
abstract class WordCountObjectStoreKillTest {
    static final int LEASE_SECONDS = 2;
    private static final int KILLS = 10;
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);
    private static final String IN_USE = "is in use by another process";
    private static final Pattern EXPIRES = Pattern.compile("expires at (\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z)");

    @TempDir
    Path work;

    private final List<Path> logs = new ArrayList<>();
    private int starts;
    private int refusals;
    private String refusal;

    /** The {@code --state} value, a fresh prefix for each test. */
    abstract String stateLocation(String prefix);

    /** The variables that lead the child to the store (besides the lease). */
    abstract Map<String, String> storeEnvironment();

    /** What no child may ever print, nor write to the state. */
    abstract List<String> secrets();

    /** Every object of the state location ({@code --state}'s prefix), by key. */
    abstract Map<String, byte[]> stateObjects(String prefix);

    /** Variables of this JVM's environment that name another store, removed from the children's. */
    abstract List<String> inheritedPrefixes();

    @Test
    void outputIsExactlyOnceAfterManySigkillsWithTheStateOnTheStore() throws Exception {
        long seed = Long.getLong("tideway.test.seed", System.nanoTime());
        Random random = new Random(seed);
        WordFiles input = new WordFiles(work.resolve("in"), seed);
        Path output = work.resolve("counts.jsonl");
        String prefix = "kill-" + Long.toHexString(seed);
        String state = stateLocation(prefix);
        long begin = System.nanoTime();
        AtomicBoolean producing = new AtomicBoolean(true);
        Thread producer = new Thread(() -> {
            Random pace = new Random(seed + 1);
            while (producing.get()) {
                input.writeFile();
                LockSupport.parkNanos(Duration.ofMillis(20 + pace.nextInt(60)).toNanos());
            }
        }, "producer");
        producer.start();
        int killedAfterProgress = 0;
        int aimed = 0;
        int contended = 1 + random.nextInt(KILLS);
        try {
            for (int kill = 1; kill <= KILLS; kill++) {
                long poll = 20 + random.nextInt(31);
                long snapshot = 100 + random.nextInt(201);
                WordCountProcess child = startRecovered("run-" + kill,
                        WordCountProcess.args(input.dir(), output, "streaming", poll, state, snapshot));
                if (kill % 4 != 0) {
                    // most kills land while batches are committed: after the output grew by a random
                    // amount, plus a random fraction of a poll; every fourth right after the recovery
                    aimed++;
                    long from = size(output);
                    long grow = 1 + random.nextInt(8_000); // a batch of one file is about 1 KB
                    if (Await.until(Duration.ofSeconds(20), () -> size(output) >= from + grow || !child.alive())) {
                        killedAfterProgress++;
                    }
                    LockSupport.parkNanos(Duration.ofMillis(random.nextInt(150)).toNanos());
                }
                if (kill == contended) {
                    // a second run on the location of a live one is refused, and says why and until when
                    WordCountProcess contender = start("contender", WordCountProcess.args(input.dir(), output,
                            "streaming", poll, state, snapshot));
                    int exit = contender.awaitExit(RUN_TIMEOUT);
                    checkRefusal("contender", exit, contender.log());
                }
                assertThat(child.alive()).as("child %s still running before its kill; log:%n%s", kill, child.log()).isTrue();
                child.kill();
            }
        } finally {
            producing.set(false);
            producer.join();
        }
        long killed = System.nanoTime();
        int exit = runToEnd("final", WordCountProcess.args(input.dir(), output, "static", 20, state, 200));
        assertThat(exit).as("final static run; log:%n%s", Files.readString(logs.get(logs.size() - 1))).isZero();

        int takeovers = 0;
        for (Path log : logs) {
            takeovers += Files.readString(log).contains("without being released") ? 1 : 0;
        }
        Map<String, Long> truth = WordFiles.trueCounts(input.dir());
        ExactlyOnceVerifier.Report report = ExactlyOnceVerifier.verify(output, truth);
        System.out.printf("%s, seed %d: %d kills (%d after output progress, of %d aimed so), %d starts (%d refused by a lease,"
                        + " %d took over an expired one), %d input files, kill loop %d ms, final run %d ms, %s%n"
                        + "  a refusal: %s%n",
                state, seed, KILLS, killedAfterProgress, aimed, starts, refusals, takeovers, input.written(),
                (killed - begin) / 1_000_000, (System.nanoTime() - killed) / 1_000_000, report, refusal);
        assertThat(report.violations()).as("%s seed %d: %s", state, seed, report).isZero();
        assertThat(report.live()).isEqualTo(truth);
        assertThat(killedAfterProgress).as("kills that landed while the output was growing, of %d aimed so", aimed)
                .isGreaterThan(aimed / 2);
        assertThat(takeovers).as("runs that took over the lease of a killed one").isPositive();
        for (Path log : logs) {
            String text = Files.readString(log);
            for (String secret : secrets()) {
                assertThat(text).as("log %s", log.getFileName()).doesNotContain(secret);
            }
        }
        Map<String, byte[]> objects = stateObjects(prefix);
        assertThat(objects).as("the state's objects").isNotEmpty();
        objects.forEach((key, data) -> {
            String text = new String(data, java.nio.charset.StandardCharsets.ISO_8859_1);
            for (String secret : secrets()) {
                assertThat(text.contains(secret)).as("object %s holds a secret", key).isFalse();
            }
        });
    }

    /**
     * Starts a streaming child and waits until it recovered (or started afresh); while the lease of
     * a killed predecessor holds, the child is refused, and is started again once the lease expired.
     */
    private WordCountProcess startRecovered(String name, List<String> args) throws Exception {
        long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
        for (int attempt = 1; ; attempt++) {
            WordCountProcess child = start(name + "-" + attempt, args);
            boolean started = Await.until(RUN_TIMEOUT, () -> !child.alive() || child.log().contains("recovered from")
                    || child.log().contains("no state at"));
            if (started && child.alive()) {
                return child;
            }
            int exit = child.awaitExit(RUN_TIMEOUT);
            awaitLeaseExpiry(name, exit, child.log(), deadline);
        }
    }

    /** Runs a child to its end, started again while refused by a lease; its exit code. */
    private int runToEnd(String name, List<String> args) throws Exception {
        long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
        for (int attempt = 1; ; attempt++) {
            WordCountProcess child = start(name + "-" + attempt, args);
            int exit = child.awaitExit(RUN_TIMEOUT);
            if (exit == 0 || !child.log().contains(IN_USE)) {
                return exit;
            }
            awaitLeaseExpiry(name, exit, child.log(), deadline);
        }
    }

    private WordCountProcess start(String name, List<String> args) {
        Path log = work.resolve(name + ".log");
        logs.add(log);
        starts++;
        return WordCountProcess.start(log, environment(), List.of(), args);
    }

    /** Checks that the child was refused because of a lease, and clearly; waits until that expired. */
    private void awaitLeaseExpiry(String name, int exit, String log, long deadline) {
        Instant expiry = checkRefusal(name, exit, log);
        assertThat(System.nanoTime() - deadline < 0).as("%s still refused after %s", name, RUN_TIMEOUT).isTrue();
        Await.require(Duration.ofSeconds(LEASE_SECONDS + 1), "the lease to expire at " + expiry,
                () -> Instant.now().isAfter(expiry.plusMillis(50)));
    }

    /** Checks that the child was refused because of a lease, and clearly; when the lease expires. */
    private Instant checkRefusal(String name, int exit, String log) {
        assertThat(log).as("%s ended before it started (exit %d); its log:%n%s", name, exit, log).contains(IN_USE);
        assertThat(exit).as("exit code of a refused run; its log:%n%s", log).isEqualTo(1);
        refusals++;
        refusal = log.strip();
        // the message names the lease object, to delete by hand, and says when the lease expires
        assertThat(log).contains("delete the object ").contains(".lock~").contains("expires in ");
        Matcher expires = EXPIRES.matcher(log);
        assertThat(expires.find()).as("the expiry time in %s", log).isTrue();
        Instant expiry = Instant.parse(expires.group(1));
        assertThat(expiry).as("a lease of %s s", LEASE_SECONDS)
                .isBefore(Instant.now().plusSeconds(LEASE_SECONDS).plusMillis(500));
        return expiry;
    }

    private Map<String, String> environment() {
        Map<String, String> environment = new HashMap<>();
        for (String name : System.getenv().keySet()) {
            if (inheritedPrefixes().stream().anyMatch(name::startsWith)) {
                environment.put(name, null);
            }
        }
        environment.putAll(storeEnvironment());
        environment.put("TIDEWAY_LEASE_SECONDS", Integer.toString(LEASE_SECONDS));
        return environment;
    }

    private static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (java.io.IOException e) {
            return 0; // cut back by a recovery while we looked
        }
    }
}
