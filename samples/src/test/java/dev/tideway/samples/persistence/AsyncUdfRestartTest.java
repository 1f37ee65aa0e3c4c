package dev.tideway.samples.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tideway.AsyncCallException;
import dev.tideway.AsyncOptions;
import dev.tideway.AsyncUdf;
import dev.tideway.RetryPolicy;
import dev.tideway.RunConfig;
import dev.tideway.Table;
import dev.tideway.Tideway;
import dev.tideway.io.csv.Csv;
import dev.tideway.io.csv.CsvReadOptions;
import dev.tideway.io.jsonlines.JsonLines;
import dev.tideway.persistence.Backend;
import dev.tideway.persistence.PersistenceConfig;
import dev.tideway.samples.persistence.AsyncRows.Query;
import dev.tideway.schema.ValueTypes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An asynchronous UDF in a persisted pipeline, run after run on one state: results computed and
 * committed are never computed again (not after a restart, not for a retraction), a batch whose
 * calls failed when the run stopped is called again by the next run, and the output file holds each
 * answer exactly once.
 */
class AsyncUdfRestartTest {
    @TempDir
    Path work;

    /** A service answering asynchronously, counting calls per argument; while down, every call fails. */
    static final class Service {
        final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        volatile boolean down;

        CompletableFuture<String> lookup(String text) {
            calls.computeIfAbsent(text, t -> new AtomicInteger()).incrementAndGet();
            return CompletableFuture.supplyAsync(() -> {
                if (down) {
                    throw new IllegalStateException("service down");
                }
                return text.toUpperCase(java.util.Locale.ROOT) + "!";
            });
        }

        int total() {
            return calls.values().stream().mapToInt(AtomicInteger::get).sum();
        }
    }

    private void run(Service service, Path output) throws Exception {
        Table<Query> queries = Csv.read(work.resolve("queries"), AsyncRows_Query_.SCHEMA,
                CsvReadOptions.defaults().withStreaming(false).withPersistentId("queries"));
        Table<AsyncRows.Answer> answers = queries.select(AsyncRows_Answer_.of(AsyncRows_Query_.id,
                AsyncUdf.apply("lookup", ValueTypes.STRING, AsyncRows_Query_.text, service::lookup, AsyncOptions.defaults()
                        .withConcurrency(4).withTimeout(Duration.ofSeconds(10))
                        .withRetry(RetryPolicy.fixedDelay(1, Duration.ofMillis(10))))));
        JsonLines.write(answers, output);
        Tideway.run(RunConfig.defaults().withHandleSignals(false)
                .withPersistence(PersistenceConfig.of(Backend.filesystem(work.resolve("state"))).withSnapshotIntervalMs(600_000)));
    }

    @Test
    void committedResultsAreNeverComputedAgainAndACrashedBatchIsCalledAgain() throws Exception {
        Path output = work.resolve("answers.jsonl");
        StateFiles.write(work.resolve("queries/1.csv"), "id,text\n1,alpha\n2,beta\n3,gamma\n");
        Service service = new Service();
        run(service, output);
        assertThat(service.total()).isEqualTo(3);
        assertThat(StateFiles.consolidate(output)).containsExactlyInAnyOrder(
                "{\"id\":\"1\",\"answer\":\"ALPHA!\"}", "{\"id\":\"2\",\"answer\":\"BETA!\"}", "{\"id\":\"3\",\"answer\":\"GAMMA!\"}");

        // a new file while the service is down: the run stops before committing the batch
        StateFiles.write(work.resolve("queries/2.csv"), "id,text\n4,delta\n5,epsilon\n");
        service.down = true;
        assertThatThrownBy(() -> run(service, output)).hasStackTraceContaining(AsyncCallException.class.getSimpleName())
                .hasStackTraceContaining("service down");
        assertThat(service.calls.get("delta").get()).as("the first attempt and its retry").isEqualTo(2);
        assertThat(service.calls.get("alpha").get()).as("committed results are restored, not computed").isEqualTo(1);

        // the service is back: the next run calls again for the batch that failed, and only for it
        service.down = false;
        run(service, output);
        assertThat(service.calls.get("delta").get()).isEqualTo(3);
        assertThat(service.calls.get("epsilon").get()).isEqualTo(3);
        assertThat(service.calls.get("alpha").get()).isEqualTo(1);
        assertThat(StateFiles.consolidate(output)).containsExactlyInAnyOrder(
                "{\"id\":\"1\",\"answer\":\"ALPHA!\"}", "{\"id\":\"2\",\"answer\":\"BETA!\"}", "{\"id\":\"3\",\"answer\":\"GAMMA!\"}",
                "{\"id\":\"4\",\"answer\":\"DELTA!\"}", "{\"id\":\"5\",\"answer\":\"EPSILON!\"}");

        // deleting a file retracts its rows' remembered answers, without calling
        int before = service.total();
        Files.delete(work.resolve("queries/1.csv"));
        run(service, output);
        assertThat(service.total()).isEqualTo(before);
        assertThat(StateFiles.consolidate(output)).containsExactlyInAnyOrder(
                "{\"id\":\"4\",\"answer\":\"DELTA!\"}", "{\"id\":\"5\",\"answer\":\"EPSILON!\"}");
        List<String> lines = Files.readAllLines(output);
        assertThat(lines).as("each answer written once, retracted at most once").hasSize(5 + 3);
    }
}
