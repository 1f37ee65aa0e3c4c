package dev.tideway.samples.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tideway.Exprs;
import dev.tideway.RunConfig;
import dev.tideway.RunHandle;
import dev.tideway.Table;
import dev.tideway.Tideway;
import dev.tideway.spi.Connectors;
import dev.tideway.io.push.PushSource;
import dev.tideway.persistence.Backend;
import dev.tideway.persistence.PersistenceConfig;
import dev.tideway.samples.persistence.Rows.Word;
import dev.tideway.schema.ValueTypes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A non-deterministic operator cannot be rebuilt by replaying its input (a second call gives another
 * value than the output holds), so a pipeline with one snapshots at every commit: after a crash,
 * nothing of it is replayed, and a later retraction retracts the value produced the first time.
 */
class NonDeterministicRecoveryTest {
    @TempDir
    Path state;

    private static final AtomicInteger CALLS = new AtomicInteger();

    /** Words tagged by a counter (non-deterministic); the poison word makes the run fail, as a crash would. */
    private static StateFiles.Timed<Word> build(PushSource<Word> events) {
        Table<Word> tagged = events.table().mapNonDeterministic(Rows_Word_.SCHEMA, w -> new Word(w.word() + "#" + CALLS.incrementAndGet()));
        Table<Word> checked = tagged.select(Rows_Word_.of(Exprs.apply(ValueTypes.STRING, Rows_Word_.word, w -> {
            if (w.startsWith(StreamingCrash.POISON)) {
                throw new IllegalStateException("poison row");
            }
            return w;
        })));
        StateFiles.Timed<Word> sink = new StateFiles.Timed<>("tagged");
        Connectors.sink(checked, sink);
        return sink;
    }

    private RunHandle start() {
        return Tideway.start(RunConfig.defaults().withHandleSignals(false)
                .withPersistence(PersistenceConfig.of(Backend.filesystem(state)).withSnapshotIntervalMs(600_000)));
    }

    @Test
    void eachCommitIsSnapshottedAndALaterRetractionCarriesTheFirstValue() throws Exception {
        PushSource<Word> events = PushSource.create(Rows_Word_.SCHEMA, "events");
        StateFiles.Timed<Word> first = build(events);
        RunHandle run = start();
        events.insert(new Word("a"));
        Await.require(Duration.ofSeconds(20), "a at the sink", () -> first.byTime().size() >= 1);
        events.insert(new Word("b"));
        Await.require(Duration.ofSeconds(20), "b at the sink", () -> first.byTime().size() >= 2);
        String producedForA = first.all().stream().filter(r -> r.contains("a#")).findFirst().orElseThrow();
        events.insert(new Word(StreamingCrash.POISON));
        assertThatThrownBy(run::await).hasStackTraceContaining("poison row");

        try (Stream<Path> segments = Files.walk(state).filter(p -> p.toString().contains("/log/") && Files.isRegularFile(p))) {
            assertThat(segments).as("every commit was a snapshot: no log tail to replay").isEmpty();
        }

        PushSource<Word> again = PushSource.create(Rows_Word_.SCHEMA, "events");
        StateFiles.Timed<Word> second = build(again);
        int callsBefore = CALLS.get();
        RunHandle restarted = start();
        again.delete(new Word("a"));
        Await.require(Duration.ofSeconds(20), "the retraction at the sink", () -> !second.all().isEmpty());
        again.close();
        restarted.await();

        assertThat(second.all()).containsExactly(producedForA.replace("+ ", "- "));
        assertThat(CALLS.get()).as("recovery called the function for nothing").isEqualTo(callsBefore);
    }
}
