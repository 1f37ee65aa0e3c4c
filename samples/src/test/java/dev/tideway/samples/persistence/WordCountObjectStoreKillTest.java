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
 * <p>As a supervisor does (systemd, Kubernetes, a shell loop), every killed child is restarted at
 * once, with the default lease (30 s): the killed child's lease is left behind, and its successor,
 * on the same host, must see that its holder is gone and take it over at once, never be refused nor
 * wait. A contender started while a child runs must wait for the live child's lease (for at most
 * its maximum wait, 1 s here) and be refused, clearly; it never takes the lease of a live holder.
 */
@Tag("slow")
abstract class WordCountObjectStoreKillTest {
    private static final int KILLS = 10;
    private static final int DEFAULT_LEASE_SECONDS = 30;
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);
    private static final String IN_USE = "is in use by another process";
    private static final String TAKEN_OVER = "taking over its lease at once";
    private static final Pattern EXPIRES = Pattern.compile("expires at (\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z)");

    @TempDir
    Path work;

    private final List<Path> logs = new ArrayList<>();
    private int starts;
    private String refusal;

    /** The state options of the sample ({@code --state ...}), a fresh location for each test. */
    abstract List<String> stateArgs(String prefix);

    /** Whether the state is locked by a lease on the store (else by a lock file of the metadata folder). */
    boolean leased() {
        return true;
    }

    /** The variables that lead the child to the store (besides the lease). */
    abstract Map<String, String> storeEnvironment();

    /** What no child may ever print, nor write to the state. */
    abstract List<String> secrets();

    /** Every object the state wrote on the store, by key. */
    abstract Map<String, byte[]> stateObjects(String prefix);

    /** Variables of this JVM's environment that name another store, removed from the children's. */
    abstract List<String> inheritedPrefixes();

    /** Checks where the state's objects are, after the last run. */
    void checkLayout(String prefix, Map<String, byte[]> objects) {
        assertThat(objects.keySet()).anyMatch(key -> key.contains("/metadata/")).anyMatch(key -> key.contains("/snapshots/"));
    }

    private List<String> args(Path input, Path output, String mode, long poll, String prefix, long snapshot) {
        List<String> args = new ArrayList<>(List.of("wordcount", "--input", input.toString(), "--output", output.toString(),
                "--mode", mode, "--poll-interval-ms", Long.toString(poll), "--snapshot-interval-ms", Long.toString(snapshot)));
        args.addAll(stateArgs(prefix));
        return args;
    }

    @Test
    void outputIsExactlyOnceAfterManySigkillsWithImmediateRestartsAndTheDefaultLease() throws Exception {
        long seed = Long.getLong("tideway.test.seed", System.nanoTime());
        Random random = new Random(seed);
        WordFiles input = new WordFiles(work.resolve("in"), seed);
        Path output = work.resolve("counts.jsonl");
        String prefix = "kill-" + Long.toHexString(seed);
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
                WordCountProcess child = startRecovered("run-" + kill, args(input.dir(), output, "streaming", poll, prefix, snapshot));
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
                    // a second run on the location of a live one waits at most its maximum wait, then is refused
                    WordCountProcess contender = start("contender", Map.of("TIDEWAY_LEASE_WAIT_SECONDS", "1"),
                            args(input.dir(), output, "streaming", poll, prefix, snapshot));
                    int exit = contender.awaitExit(RUN_TIMEOUT);
                    checkRefusal("contender", exit, contender.log());
                }
                assertThat(child.alive()).as("child %s still running before its kill; log:%n%s", kill, child.log()).isTrue();
                child.kill();   // and restarted at once by the next turn, or by the final run
            }
        } finally {
            producing.set(false);
            producer.join();
        }
        long killed = System.nanoTime();
        WordCountProcess last = start("final", Map.of(), args(input.dir(), output, "static", 20, prefix, 200));
        int exit = last.awaitExit(RUN_TIMEOUT);
        assertThat(exit).as("final static run; log:%n%s", last.log()).isZero();

        int takeovers = 0;
        for (Path log : logs) {
            String text = Files.readString(log);
            takeovers += text.contains(TAKEN_OVER) ? 1 : 0;
            if (!log.getFileName().toString().startsWith("contender")) {
                assertThat(text).as("log %s: no run but the contender waits or is refused", log.getFileName())
                        .doesNotContain("waiting for its lease").doesNotContain(IN_USE);
            }
        }
        Map<String, Long> truth = WordFiles.trueCounts(input.dir());
        ExactlyOnceVerifier.Report report = ExactlyOnceVerifier.verify(output, truth);
        System.out.printf("%s, seed %d: %d kills (%d after output progress, of %d aimed so), %d starts (%d took over the"
                        + " lease of a killed run at once), %d input files, kill loop %d ms, final run %d ms, %s%n"
                        + "  the contender's refusal: %s%n",
                stateArgs(prefix), seed, KILLS, killedAfterProgress, aimed, starts, takeovers, input.written(),
                (killed - begin) / 1_000_000, (System.nanoTime() - killed) / 1_000_000, report, refusal);
        assertThat(report.violations()).as("%s seed %d: %s", stateArgs(prefix), seed, report).isZero();
        assertThat(report.live()).isEqualTo(truth);
        assertThat(killedAfterProgress).as("kills that landed while the output was growing, of %d aimed so", aimed)
                .isGreaterThan(aimed / 2);
        if (leased()) {
            assertThat(takeovers).as("runs that took over the lease of a killed one at once").isEqualTo(KILLS);
        }
        for (Path log : logs) {
            String text = Files.readString(log);
            for (String secret : secrets()) {
                assertThat(text).as("log %s", log.getFileName()).doesNotContain(secret);
            }
        }
        Map<String, byte[]> objects = stateObjects(prefix);
        assertThat(objects).as("the state's objects").isNotEmpty();
        checkLayout(prefix, objects);
        objects.forEach((key, data) -> {
            String text = new String(data, java.nio.charset.StandardCharsets.ISO_8859_1);
            for (String secret : secrets()) {
                assertThat(text.contains(secret)).as("object %s holds a secret", key).isFalse();
            }
        });
    }

    /** Starts a streaming child and waits until it recovered (or started afresh): at once, never refused. */
    private WordCountProcess startRecovered(String name, List<String> args) {
        WordCountProcess child = start(name, Map.of(), args);
        boolean started = Await.until(RUN_TIMEOUT, () -> !child.alive() || child.log().contains("recovered from")
                || child.log().contains("no state at"));
        assertThat(started && child.alive()).as("%s started; its log:%n%s", name, child.log()).isTrue();
        return child;
    }

    private WordCountProcess start(String name, Map<String, String> variables, List<String> args) {
        Path log = work.resolve(name + ".log");
        logs.add(log);
        starts++;
        Map<String, String> environment = environment();
        environment.putAll(variables);
        return WordCountProcess.start(log, environment, List.of(), args);
    }

    /** Checks that the contender was refused because the state is in use, and clearly. */
    private void checkRefusal(String name, int exit, String log) {
        assertThat(log).as("%s ended before it started (exit %d); its log:%n%s", name, exit, log).contains(IN_USE);
        assertThat(exit).as("exit code of a refused run; its log:%n%s", log).isEqualTo(1);
        refusal = log.strip();
        assertThat(log).doesNotContain(TAKEN_OVER);
        if (!leased()) {
            return;
        }
        // the message names the lease object, to delete by hand, says when the lease expires and how long it waited
        assertThat(log).contains("waiting for its lease").contains("waited ").contains("delete the object ").contains(".lock~")
                .contains("expires in ");
        Matcher expires = EXPIRES.matcher(log);
        assertThat(expires.find()).as("the expiry time in %s", log).isTrue();
        Instant expiry = Instant.parse(expires.group(1));
        assertThat(expiry).as("a lease of %s s", DEFAULT_LEASE_SECONDS)
                .isBefore(Instant.now().plusSeconds(DEFAULT_LEASE_SECONDS).plusMillis(500));
    }

    private Map<String, String> environment() {
        Map<String, String> environment = new HashMap<>();
        for (String name : System.getenv().keySet()) {
            if (name.startsWith("TIDEWAY_LEASE") || inheritedPrefixes().stream().anyMatch(name::startsWith)) {
                environment.put(name, null);
            }
        }
        environment.putAll(storeEnvironment());
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
