package dev.tideway.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tideway.RunConfig;
import dev.tideway.RunHandle;
import dev.tideway.Tideway;
import dev.tideway.internal.engine.Graph;
import dev.tideway.io.Person;
import dev.tideway.io.Person_;
import dev.tideway.io.csv.Csv;
import dev.tideway.io.csv.CsvReadOptions;
import dev.tideway.io.jsonlines.JsonLines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.tideway.persistence.Backend;
import dev.tideway.persistence.PersistenceConfig;
import dev.tideway.persistence.PersistenceException;

/**
 * Persisted runs with their state on a remote store: a restart outputs only what changed, and an
 * outage of the store in the middle of a run is ridden out by retries, or stops the run with a clear
 * error, and in both cases the next run loses nothing and repeats nothing.
 */
public abstract class CloudPersistenceTest {
    /** Short, so that a run that could not release its lease (the store was down) is followed soon. */
    protected static final Duration LEASE = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    /** A backend on a new location of the store, retrying for at most {@code retryFor}. */
    protected abstract Backend backend(String root, Duration retryFor);

    /** Makes the store unreachable (stops or kills the server). */
    protected abstract void storeDown() throws Exception;

    /** Brings the store back on the same port with the same data. */
    protected abstract void storeUp() throws Exception;

    @AfterEach
    void forgetTheGraph() {
        Graph.detachCurrent();
    }

    private void pipeline(Path in, Path out, boolean streaming) {
        JsonLines.write(Csv.read(in, Person_.SCHEMA, CsvReadOptions.defaults().withStreaming(streaming)
                .withPollInterval(Duration.ofMillis(20)).withPersistentId("people")), out);
    }

    private static RunConfig config(Backend backend) {
        return RunConfig.defaults().withHandleSignals(false)
                .withPersistence(PersistenceConfig.of(backend).withSnapshotIntervalMs(0));
    }

    @Test
    void aSecondStaticRunOutputsOnlyTheChanges() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Path out = dir.resolve("out.jsonl");
        Files.writeString(in.resolve("a.csv"), "name,age\nAda,36\nBob,40\n");
        Backend backend = backend("static-twice", Duration.ofSeconds(5));

        pipeline(in, out, false);
        Tideway.run(config(backend));
        assertThat(names(out)).containsExactlyInAnyOrder("+Ada", "+Bob");

        Files.writeString(in.resolve("b.csv"), "name,age\nCy,50\n");
        Files.writeString(in.resolve("a.csv"), "name,age\nAda,36\n");
        pipeline(in, out, false);
        Tideway.run(config(backend("static-twice", Duration.ofSeconds(5))));
        List<String> all = names(out);
        assertThat(all.subList(0, 2)).containsExactlyInAnyOrder("+Ada", "+Bob");
        assertThat(all.subList(2, all.size())).containsExactlyInAnyOrder("+Cy", "-Bob");
    }

    @Test
    void anOutageShorterThanTheRetriesIsRiddenOut() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Path out = dir.resolve("out.jsonl");
        Files.writeString(in.resolve("a.csv"), "name,age\nAda,36\n");
        pipeline(in, out, true);
        RunHandle run = Tideway.start(config(backend("ride-out", Duration.ofSeconds(60))));
        try {
            awaitLines(out, 1);
            storeDown();
            Files.writeString(in.resolve("b.csv"), "name,age\nBob,40\n");
            Thread.sleep(1_500);
            storeUp();
            awaitLines(out, 2);
            Files.writeString(in.resolve("c.csv"), "name,age\nCy,50\n");
            awaitLines(out, 3);
        } finally {
            run.stop();
        }
        Files.writeString(in.resolve("d.csv"), "name,age\nDee,60\n");
        pipeline(in, out, false);
        Tideway.run(config(backend("ride-out", Duration.ofSeconds(5))));
        assertThat(names(out)).containsExactly("+Ada", "+Bob", "+Cy", "+Dee");
    }

    @Test
    void aLastingOutageStopsTheRunWithAClearErrorAndTheRestartLosesNothing() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Path out = dir.resolve("out.jsonl");
        Files.writeString(in.resolve("a.csv"), "name,age\nAda,36\n");
        Backend backend = backend("outage", Duration.ofSeconds(2));
        pipeline(in, out, true);
        RunHandle run = Tideway.start(config(backend));
        try {
            awaitLines(out, 1);
            storeDown();
            Files.writeString(in.resolve("b.csv"), "name,age\nBob,40\n");
            assertThat(run.await(60, TimeUnit.SECONDS)).isFalse();
        } catch (Exception e) {
            Throwable cause = e;
            while (!(cause instanceof PersistenceException) && cause.getCause() != null) {
                cause = cause.getCause();
            }
            assertThat(cause).isInstanceOf(PersistenceException.class);
            assertThat(cause.getMessage()).contains(backend.describe()).contains("Nothing committed is lost");
        } finally {
            storeUp();
            try {
                run.stop();
            } catch (Exception stopped) {
                // the run already failed
            }
        }
        Thread.sleep(LEASE.toMillis() + 500);   // the failed run's lease could not be deleted: it expires
        Files.writeString(in.resolve("c.csv"), "name,age\nCy,50\n");
        pipeline(in, out, false);
        Tideway.run(config(backend("outage", Duration.ofSeconds(5))));
        assertThat(names(out)).containsExactly("+Ada", "+Bob", "+Cy");
    }

    /** "+Name" or "-Name" per output line, in order. */
    private static List<String> names(Path out) throws IOException {
        return Files.readAllLines(out).stream()
                .map(line -> (line.contains("\"diff\":1") ? "+" : "-") + line.replaceAll(".*\"name\":\"([^\"]*)\".*", "$1"))
                .toList();
    }

    private static void awaitLines(Path out, int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(out) || Files.readAllLines(out).size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + count + " lines in " + out + ", found "
                        + (Files.exists(out) ? Files.readAllLines(out) : "no file"));
            }
            Thread.sleep(20);
        }
    }
}
