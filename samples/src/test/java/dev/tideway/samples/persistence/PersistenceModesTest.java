package dev.tideway.samples.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tideway.Exprs;
import dev.tideway.Reducers;
import dev.tideway.RunConfig;
import dev.tideway.Table;
import dev.tideway.Tideway;
import dev.tideway.spi.Connectors;
import dev.tideway.io.csv.CsvReadOptions;
import dev.tideway.internal.io.csv.CsvSource;
import dev.tideway.io.jsonlines.JsonLines;
import dev.tideway.io.push.PushSource;
import dev.tideway.persistence.Backend;
import dev.tideway.persistence.PersistenceConfig;
import dev.tideway.persistence.PersistenceException;
import dev.tideway.persistence.PersistenceMode;
import dev.tideway.persistence.SnapshotAccess;
import dev.tideway.samples.persistence.Rows.Word;
import dev.tideway.samples.persistence.Rows.WordCount;
import dev.tideway.schema.ValueTypes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several runs on one state for every persistence mode and snapshot access: what each run reads
 * (rows its connector reports), what reaches the operators (a counting UDF), what it records (the
 * state folder's files), and what it emits (a change list and a JSON Lines file).
 */
class PersistenceModesTest {
    @TempDir
    Path work;

    private Path state() {
        return work.resolve("state");
    }

    private PersistenceConfig config() {
        return PersistenceConfig.of(Backend.filesystem(state()));
    }

    private static void run(PersistenceConfig config) throws Exception {
        Tideway.run(RunConfig.defaults().withHandleSignals(false).withPersistence(config));
    }

    private void file(String name, String... words) throws Exception {
        StateFiles.write(work.resolve(name), "word\n" + String.join("\n", words) + "\n");
    }

    /** One run of the word count: what its source read, what reached its UDF, what it emitted. */
    private final class WordCountRun {
        final StateFiles.Counting<Word> source;
        final AtomicInteger mapped = new AtomicInteger();
        final ChangeList<WordCount> changes = new ChangeList<>("counts");

        WordCountRun(String dir, String id) {
            this(dir, id, "counts.jsonl");
        }

        /** Builds the word count over folder {@code dir}, persisted under {@code id} (null: none), written to {@code output}. */
        WordCountRun(String dir, String id, String output) {
            source = new StateFiles.Counting<>(new CsvSource<>(work.resolve(dir), Rows_Word_.SCHEMA,
                    CsvReadOptions.defaults().withStreaming(false)));
            Table<Word> words = Connectors.source(source, id);
            Table<Word> seen = words.select(Rows_Word_.of(Exprs.apply(ValueTypes.STRING, Rows_Word_.word, w -> {
                mapped.incrementAndGet();
                return w;
            })));
            Table<WordCount> counts = seen.groupBy(Rows_Word_.word).reduce(Rows_WordCount_.of(Rows_Word_.word, Reducers.count()));
            Connectors.sink(counts, changes);
            JsonLines.write(counts, work.resolve(output));
        }

        WordCountRun run(UnaryOperator<PersistenceConfig> setting) throws Exception {
            PersistenceModesTest.run(setting.apply(config()));
            return this;
        }

        List<String> emitted() {
            return changes.changes();
        }
    }

    private List<String> output() throws Exception {
        return StateFiles.consolidate(work.resolve("counts.jsonl"));
    }

    private static String json(String word, long count) {
        return "{\"word\":\"" + word + "\",\"count\":" + count + "}";
    }

    // ---- PERSISTING, with each snapshot access ----

    @Test
    void persistingFullReadsOnlyNewFilesAndEmitsOnlyTheChanges() throws Exception {
        file("in/1.csv", "x", "y");
        WordCountRun first = new WordCountRun("in", "words").run(c -> c);
        assertThat(first.source.rows()).isEqualTo(2);
        assertThat(first.emitted()).containsExactlyInAnyOrder("+ WordCount[word=x, count=1]", "+ WordCount[word=y, count=1]");
        Map<String, String> after1 = StateFiles.digest(state());

        file("in/2.csv", "x");
        WordCountRun second = new WordCountRun("in", "words").run(c -> c);
        assertThat(second.source.units()).containsExactly("2.csv");
        assertThat(second.mapped).hasValue(1); // nothing replayed through the operators: the snapshot holds it
        assertThat(second.emitted()).containsExactlyInAnyOrder("- WordCount[word=x, count=1]", "+ WordCount[word=x, count=2]");
        assertThat(StateFiles.digest(state())).isNotEqualTo(after1);
        assertThat(output()).containsExactlyInAnyOrder(json("x", 2), json("y", 1));

        Map<String, String> after2 = StateFiles.digest(state());
        WordCountRun idle = new WordCountRun("in", "words").run(c -> c);
        assertThat(idle.source.rows()).isZero();
        assertThat(idle.emitted()).isEmpty();
        assertThat(StateFiles.digest(state())).as("a run that read nothing records nothing").isEqualTo(after2);
    }

    @Test
    void recordAccessReplaysNothingAndRecordsAfterWhatWasRecorded() throws Exception {
        file("in/1.csv", "x", "y");
        new WordCountRun("in", "words").run(c -> c);

        file("in/2.csv", "x");
        WordCountRun recording = new WordCountRun("in", "words").run(c -> c.withSnapshotAccess(SnapshotAccess.RECORD));
        assertThat(recording.source.units()).as("resumes after what was recorded").containsExactly("2.csv");
        assertThat(recording.mapped).as("nothing recorded reaches the operators").hasValue(1);
        assertThat(recording.emitted()).as("the operators and the sinks start afresh").containsExactly("+ WordCount[word=x, count=1]");
        assertThat(output()).containsExactlyInAnyOrder(json("x", 1));

        file("in/3.csv", "z");
        WordCountRun next = new WordCountRun("in", "words").run(c -> c);
        assertThat(next.source.units()).as("what RECORD recorded is loaded").containsExactly("3.csv");
        assertThat(next.emitted()).as("the operators are rebuilt from everything recorded and the outputs rewritten")
                .containsExactlyInAnyOrder("+ WordCount[word=x, count=2]", "+ WordCount[word=y, count=1]", "+ WordCount[word=z, count=1]");
        assertThat(output()).containsExactlyInAnyOrder(json("x", 2), json("y", 1), json("z", 1));
    }

    @Test
    void replayAccessLoadsAndReadsButWritesNothing() throws Exception {
        file("in/1.csv", "x", "y");
        new WordCountRun("in", "words").run(c -> c);
        Map<String, String> recorded = StateFiles.digest(state());

        file("in/2.csv", "x");
        WordCountRun replay = new WordCountRun("in", "words").run(c -> c.withSnapshotAccess(SnapshotAccess.REPLAY));
        assertThat(replay.source.units()).containsExactly("2.csv");
        assertThat(replay.emitted()).containsExactlyInAnyOrder("- WordCount[word=x, count=1]", "+ WordCount[word=x, count=2]");
        assertThat(StateFiles.digest(state())).as("REPLAY writes nothing").isEqualTo(recorded);

        WordCountRun again = new WordCountRun("in", "words").run(c -> c);
        assertThat(again.source.units()).as("file 2 was not recorded: read again").containsExactly("2.csv");
        assertThat(again.emitted()).containsExactlyInAnyOrder("- WordCount[word=x, count=1]", "+ WordCount[word=x, count=2]");
        assertThat(output()).as("the file sink was cut back to its committed length").containsExactlyInAnyOrder(json("x", 2), json("y", 1));
    }

    @Test
    void offsetsOnlyResumesWithoutReplayingData() throws Exception {
        file("in/1.csv", "x", "y");
        WordCountRun first = new WordCountRun("in", "words").run(c -> c.withSnapshotAccess(SnapshotAccess.OFFSETS_ONLY));
        assertThat(first.emitted()).containsExactlyInAnyOrder("+ WordCount[word=x, count=1]", "+ WordCount[word=y, count=1]");
        assertThat(StateFiles.files(state())).as("no log, no rows: positions only").noneMatch(f -> f.startsWith("log/"));

        file("in/2.csv", "x", "z");
        WordCountRun second = new WordCountRun("in", "words").run(c -> c.withSnapshotAccess(SnapshotAccess.OFFSETS_ONLY));
        assertThat(second.source.units()).containsExactly("2.csv");
        assertThat(second.mapped).as("no data replayed").hasValue(2);
        assertThat(second.emitted()).as("only what this run read").containsExactlyInAnyOrder(
                "+ WordCount[word=x, count=1]", "+ WordCount[word=z, count=1]");
        assertThat(output()).containsExactlyInAnyOrder(json("x", 1), json("z", 1));
    }

    @Test
    void offsetsOnlyAfterFullPersistenceDoesNotReplayTheRecordedRows() throws Exception {
        file("in/1.csv", "x", "y");
        new WordCountRun("in", "words").run(c -> c);

        file("in/2.csv", "x");
        WordCountRun offsets = new WordCountRun("in", "words").run(c -> c.withSnapshotAccess(SnapshotAccess.OFFSETS_ONLY));
        assertThat(offsets.source.units()).containsExactly("2.csv");
        assertThat(offsets.mapped).hasValue(1);
        assertThat(offsets.emitted()).containsExactly("+ WordCount[word=x, count=1]");
    }

    @Test
    void continueAfterReplayFalseReplaysAndStopsAndTheNextRunReadsTheNewFile() throws Exception {
        file("in/1.csv", "x", "y");
        new WordCountRun("in", "words").run(c -> c);
        Map<String, String> recorded = StateFiles.digest(state());

        file("in/2.csv", "x");
        WordCountRun stopped = new WordCountRun("in", "words").run(c -> c.withContinueAfterReplay(false));
        assertThat(stopped.source.rows()).as("no new input read").isZero();
        assertThat(stopped.emitted()).isEmpty();
        assertThat(StateFiles.digest(state())).isEqualTo(recorded);

        WordCountRun next = new WordCountRun("in", "words").run(c -> c);
        assertThat(next.source.units()).containsExactly("2.csv");
        assertThat(next.emitted()).containsExactlyInAnyOrder("- WordCount[word=x, count=1]", "+ WordCount[word=x, count=2]");
    }

    @Test
    void continueAfterReplayFalseReplaysTheLogTailWithTheSinksSuppressed() throws Exception {
        Map<Long, List<String>> original = StreamingCrash.run(state(), List.of(List.of("a", "b"), List.of("a")));
        assertThat(original).hasSize(2);
        Map<String, String> crashed = StateFiles.digest(state());

        PushSource<Word> events = PushSource.create(Rows_Word_.SCHEMA, "events");
        StateFiles.Timed<WordCount> sink = new StateFiles.Timed<>("counts");
        StreamingCrash.build(events, sink);
        run(config().withSnapshotIntervalMs(600_000).withContinueAfterReplay(false));
        assertThat(sink.all()).as("the sinks already hold the replayed results").isEmpty();
        // the replayed state is committed with a snapshot, so that the next run need not replay it again
        assertThat(StateFiles.files(state())).anyMatch(f -> f.startsWith("snapshots/"));
        assertThat(crashed.keySet()).noneMatch(f -> f.startsWith("snapshots/"));

        events = PushSource.create(Rows_Word_.SCHEMA, "events");
        sink = new StateFiles.Timed<>("counts");
        StreamingCrash.build(events, sink);
        events.insert(new Word("b"));
        events.close();
        run(config());
        assertThat(sink.all()).as("the state holds both batches").containsExactlyInAnyOrder(
                "- WordCount[word=b, count=1]", "+ WordCount[word=b, count=2]");
    }

    // ---- SELECTIVE_PERSISTING ----

    @Test
    void selectivePersistingKeepsSourcesWithAnIdAndReReadsTheOthers() throws Exception {
        file("a/1.csv", "x", "y");
        file("b/1.csv", "x");
        Selective firstRun = selectiveRun();
        assertThat(firstRun.a()).isEqualTo(2);
        assertThat(firstRun.b()).isEqualTo(1);
        assertThat(StateFiles.files(state())).as("only the source with an id is in the state")
                .anyMatch(f -> f.startsWith("log/a/") || f.contains("source-a"))
                .noneMatch(f -> f.contains("csv-") || f.contains("source-b"));

        file("a/2.csv", "x");
        file("b/2.csv", "z");
        Selective second = selectiveRun();
        assertThat(second.a()).as("a: only its new file").isEqualTo(1);
        assertThat(second.b()).as("b: re-read in full").isEqualTo(2);
        assertThat(StateFiles.net(second.changes())).as("the output is rewritten: it adds up to the current result")
                .containsExactlyInAnyOrder("WordCount[word=x, count=3]", "WordCount[word=y, count=1]", "WordCount[word=z, count=1]");
        assertThat(output()).containsExactlyInAnyOrder(json("x", 3), json("y", 1), json("z", 1));

        Files.delete(work.resolve("b/1.csv"));
        Selective third = selectiveRun();
        assertThat(third.a()).isEqualTo(0);
        assertThat(third.b()).isEqualTo(1);
        assertThat(StateFiles.net(third.changes()))
                .containsExactlyInAnyOrder("WordCount[word=x, count=2]", "WordCount[word=y, count=1]", "WordCount[word=z, count=1]");
        assertThat(output()).containsExactlyInAnyOrder(json("x", 2), json("y", 1), json("z", 1));
    }

    /** The word count over a (id "a") and b (no id) in SELECTIVE_PERSISTING: rows read from a, from b, the changes. */
    private record Selective(int a, int b, List<String> changes) {}

    private Selective selectiveRun() throws Exception {
        StateFiles.Counting<Word> a = new StateFiles.Counting<>(new CsvSource<>(work.resolve("a"), Rows_Word_.SCHEMA,
                CsvReadOptions.defaults().withStreaming(false)));
        StateFiles.Counting<Word> b = new StateFiles.Counting<>(new CsvSource<>(work.resolve("b"), Rows_Word_.SCHEMA,
                CsvReadOptions.defaults().withStreaming(false)));
        Table<WordCount> counts = Connectors.source(a, "a").concat(Connectors.source(b, null))
                .groupBy(Rows_Word_.word).reduce(Rows_WordCount_.of(Rows_Word_.word, Reducers.count()));
        ChangeList<WordCount> changes = new ChangeList<>("counts");
        Connectors.sink(counts, changes);
        JsonLines.write(counts, work.resolve("counts.jsonl"));
        run(config().withMode(PersistenceMode.SELECTIVE_PERSISTING));
        return new Selective(a.rows(), b.rows(), changes.changes());
    }

    // ---- UDF_CACHING ----

    /** A run of the cached-UDF pipeline: upper-cased words counted. */
    private final class CachedRun {
        final StateFiles.Counting<Word> source;
        final AtomicInteger calls = new AtomicInteger();
        final ChangeList<WordCount> changes = new ChangeList<>("counts");

        CachedRun(String id, int maxEntries) throws Exception {
            source = new StateFiles.Counting<>(new CsvSource<>(work.resolve("in"), Rows_Word_.SCHEMA,
                    CsvReadOptions.defaults().withStreaming(false)));
            Table<Word> upper = Connectors.source(source, id).select(Rows_Word_.of(Exprs.applyCached("upper", ValueTypes.STRING,
                    Rows_Word_.word, w -> {
                        calls.incrementAndGet();
                        return w.toUpperCase();
                    }, maxEntries)));
            Table<WordCount> counts = upper.groupBy(Rows_Word_.word).reduce(Rows_WordCount_.of(Rows_Word_.word, Reducers.count()));
            Connectors.sink(counts, changes);
            JsonLines.write(counts, work.resolve("counts.jsonl"));
            run(config().withMode(PersistenceMode.UDF_CACHING));
        }
    }

    @Test
    void udfCachingWithAnExplicitIdResumesFromOffsetsAndCallsTheUdfOnlyForNewArguments() throws Exception {
        file("in/1.csv", "x", "y", "x");
        CachedRun first = new CachedRun("words", 1000);
        assertThat(first.calls).as("once per distinct argument").hasValue(2);
        assertThat(first.changes.changes()).containsExactlyInAnyOrder("+ WordCount[word=X, count=2]", "+ WordCount[word=Y, count=1]");
        assertThat(StateFiles.files(state())).contains("udf-cache/upper").noneMatch(f -> f.startsWith("log/"));

        file("in/2.csv", "x", "z");
        CachedRun second = new CachedRun("words", 1000);
        assertThat(second.source.units()).as("resumes from its offsets").containsExactly("2.csv");
        assertThat(second.calls).as("x is cached in the backend").hasValue(1);
        assertThat(second.changes.changes()).as("input is not replayed: the output holds what this run read")
                .containsExactlyInAnyOrder("+ WordCount[word=X, count=1]", "+ WordCount[word=Z, count=1]");
        assertThat(output()).containsExactlyInAnyOrder(json("X", 1), json("Z", 1));
    }

    @Test
    void udfCachingWithoutAnIdReReadsEverythingButCallsTheUdfOnlyForNewArguments() throws Exception {
        file("in/1.csv", "x", "y", "x");
        CachedRun first = new CachedRun(null, 1000);
        assertThat(first.calls).hasValue(2);

        file("in/2.csv", "x", "z");
        CachedRun second = new CachedRun(null, 1000);
        assertThat(second.source.rows()).as("re-read in full").isEqualTo(5);
        assertThat(second.calls).as("only z is new").hasValue(1);
        assertThat(second.changes.changes()).containsExactlyInAnyOrder(
                "+ WordCount[word=X, count=3]", "+ WordCount[word=Y, count=1]", "+ WordCount[word=Z, count=1]");

        CachedRun third = new CachedRun(null, 1000);
        assertThat(third.calls).as("everything cached").hasValue(0);
        assertThat(output()).containsExactlyInAnyOrder(json("X", 3), json("Y", 1), json("Z", 1));
    }

    @Test
    void aUdfCacheKeepsAtMostMaxEntriesDroppingTheLeastRecentlyUsed() throws Exception {
        file("in/1.csv", "a", "b", "c");
        assertThat(new CachedRun("words", 2).calls).hasValue(3);

        file("in/2.csv", "b", "c", "a");
        CachedRun second = new CachedRun("words", 2);
        assertThat(second.calls).as("b and c kept, a evicted").hasValue(1);

        Files.delete(work.resolve("state/udf-cache/upper"));
        file("in/3.csv", "a");
        assertThat(new CachedRun("words", 2).calls).as("the cache lives in the backend").hasValue(1);
    }

    // ---- BATCH and SPEEDRUN_REPLAY ----

    @Test
    void batchReplaysEverythingRecordedAsOneBatchAndRecordsOnlyNewInput() throws Exception {
        file("in/1.csv", "x", "y");
        new WordCountRun("in", "words").run(c -> c);
        file("in/2.csv", "x");
        new WordCountRun("in", "words").run(c -> c.withSnapshotIntervalMs(600_000));
        Map<String, String> recorded = StateFiles.digest(state());

        file("in/3.csv", "z");
        WordCountRun batch = new WordCountRun("in", "words", "debug.jsonl").run(c -> c.withMode(PersistenceMode.BATCH).withContinueAfterReplay(false));
        assertThat(batch.source.rows()).as("no new input").isZero();
        assertThat(batch.emitted()).as("the whole recorded result, as insertions")
                .containsExactlyInAnyOrder("+ WordCount[word=x, count=2]", "+ WordCount[word=y, count=1]");
        assertThat(StateFiles.consolidate(work.resolve("debug.jsonl"))).containsExactlyInAnyOrder(json("x", 2), json("y", 1));
        assertThat(StateFiles.digest(state())).isEqualTo(recorded);

        // the replay modes rewrite their sinks and record nothing, so the program's own output is refused
        assertThatThrownBy(() -> new WordCountRun("in", "words").run(c -> c.withMode(PersistenceMode.BATCH)))
                .isInstanceOf(PersistenceException.class)
                .hasMessageContaining("BATCH replays into jsonlines:")
                .hasMessageContaining("Write the replayed output to another file");
        assertThat(StateFiles.digest(state())).isEqualTo(recorded);

        WordCountRun continuing = new WordCountRun("in", "words", "debug.jsonl").run(c -> c.withMode(PersistenceMode.BATCH));
        assertThat(continuing.source.units()).containsExactly("3.csv");
        assertThat(continuing.emitted()).containsExactlyInAnyOrder(
                "+ WordCount[word=x, count=2]", "+ WordCount[word=y, count=1]", "+ WordCount[word=z, count=1]");
        assertThat(StateFiles.digest(state())).as("the new input is recorded, as with FULL access in any mode")
                .isNotEqualTo(recorded);

        WordCountRun normal = new WordCountRun("in", "words").run(c -> c);
        assertThat(normal.source.units()).as("BATCH recorded 3.csv").isEmpty();
        assertThat(normal.emitted()).as("the operators rebuilt from the recorded input, the output rewritten")
                .containsExactlyInAnyOrder("+ WordCount[word=x, count=2]", "+ WordCount[word=y, count=1]", "+ WordCount[word=z, count=1]");
        assertThat(output()).containsExactlyInAnyOrder(json("x", 2), json("y", 1), json("z", 1));
    }

    @Test
    void batchReplaysALogTailAsOneBatch() throws Exception {
        StreamingCrash.run(state(), List.of(List.of("a", "b"), List.of("a"), List.of("c")));
        Map<String, String> crashed = StateFiles.digest(state());

        StateFiles.Timed<WordCount> sink = new StateFiles.Timed<>("counts");
        StreamingCrash.build(PushSource.create(Rows_Word_.SCHEMA, "events"), sink);
        run(config().withMode(PersistenceMode.BATCH).withContinueAfterReplay(false));
        assertThat(sink.byTime()).hasSize(1);
        assertThat(sink.all()).containsExactlyInAnyOrder(
                "+ WordCount[word=a, count=2]", "+ WordCount[word=b, count=1]", "+ WordCount[word=c, count=1]");
        assertThat(StateFiles.digest(state())).isEqualTo(crashed);
    }

    @Test
    void speedrunReplayEmitsTheLogTailWithItsOriginalBatches() throws Exception {
        Map<Long, List<String>> original = StreamingCrash.run(state(), List.of(List.of("a", "b"), List.of("a"), List.of("c")));
        Map<String, String> crashed = StateFiles.digest(state());
        assertThat(crashed.keySet()).as("a log tail and no snapshot").anyMatch(f -> f.startsWith("log/events/"))
                .noneMatch(f -> f.startsWith("snapshots/"));

        StateFiles.Timed<WordCount> sink = new StateFiles.Timed<>("counts");
        StreamingCrash.build(PushSource.create(Rows_Word_.SCHEMA, "events"), sink);
        run(config().withMode(PersistenceMode.SPEEDRUN_REPLAY).withContinueAfterReplay(false));
        Map<Long, List<String>> replayed = new java.util.TreeMap<>(sink.byTime());
        replayed.values().removeIf(List::isEmpty);
        assertThat(replayed).as("the same batches at the same times").isEqualTo(original);
        assertThat(StateFiles.digest(state())).isEqualTo(crashed);

        // and then the log is still there for a normal recovery, which emits nothing again
        StateFiles.Timed<WordCount> after = new StateFiles.Timed<>("counts");
        PushSource<Word> events = PushSource.create(Rows_Word_.SCHEMA, "events");
        StreamingCrash.build(events, after);
        events.close();
        run(config());
        assertThat(after.all()).isEmpty();
    }

    @Test
    void speedrunReplayAfterASnapshotStartsFromTheSnapshotAndKeepsTheTailsBatches() throws Exception {
        file("in/1.csv", "x", "y");
        new WordCountRun("in", "words").run(c -> c);
        file("in/2.csv", "x");
        new WordCountRun("in", "words").run(c -> c);
        Map<String, String> recorded = StateFiles.digest(state());

        WordCountRun replay = new WordCountRun("in", "words", "debug.jsonl").run(c -> c.withMode(PersistenceMode.SPEEDRUN_REPLAY)
                .withContinueAfterReplay(false));
        assertThat(replay.source.rows()).isZero();
        // the two recorded batches, though the snapshot holds both
        assertThat(replay.emitted()).hasSize(4);
        assertThat(replay.emitted().subList(0, 2)).containsExactlyInAnyOrder("+ WordCount[word=x, count=1]", "+ WordCount[word=y, count=1]");
        assertThat(replay.emitted().subList(2, 4)).containsExactlyInAnyOrder("- WordCount[word=x, count=1]", "+ WordCount[word=x, count=2]");
        assertThat(StateFiles.digest(state())).isEqualTo(recorded);
        List<String> all = new ArrayList<>(StateFiles.consolidate(work.resolve("debug.jsonl")));
        assertThat(all).containsExactlyInAnyOrder(json("x", 2), json("y", 1));
    }
}
