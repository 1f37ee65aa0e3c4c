package dev.tideway.samples.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tideway.RunConfig;
import dev.tideway.RunHandle;
import dev.tideway.Tideway;
import dev.tideway.spi.Connectors;
import dev.tideway.io.csv.CsvReadOptions;
import dev.tideway.internal.io.csv.CsvSource;
import dev.tideway.io.push.PushSource;
import dev.tideway.persistence.Backend;
import dev.tideway.persistence.PersistenceConfig;
import dev.tideway.persistence.PersistenceMode;
import dev.tideway.persistence.SnapshotAccess;
import dev.tideway.samples.persistence.Rows.Word;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pathway's {@code test_replay} as a matrix: persistence mode (PERSISTING, BATCH, SPEEDRUN_REPLAY)
 * x snapshot access x source kind (a push source "1" fed 15 rows in 15 batches; a folder of CSV
 * files, two files read by two runs) x new input or not, each cell on a copy of the same recorded
 * history, with a sink that keeps each row with the time of its batch. Each cell checks the exact
 * rows and batch times the run emits, then what it recorded: a SPEEDRUN_REPLAY run with REPLAY
 * access that stops after the replay emits every recorded batch.
 *
 * <p>The contract (see {@link SnapshotAccess} and {@link PersistenceMode}):
 * <ul>
 *   <li>emitted: the replay of what was recorded, when the access replays (FULL, REPLAY) and the mode
 *       replays into the sinks (BATCH: one batch; SPEEDRUN_REPLAY: the original batches at their
 *       original times; PERSISTING: nothing, its sinks already hold it), then the new input in its
 *       own batches;
 *   <li>recorded: the new input after what was recorded with FULL and RECORD; nothing with REPLAY;
 *       with OFFSETS_ONLY positions only, so a state it wrote holds no rows (a replay mode writes
 *       nothing until it reads new input).
 * </ul>
 */
class ReplayMatrixTest {
    private static final int RECORDED_EVENTS = 15;
    private static final int NEW_EVENTS = 10;
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    static Path history;
    @TempDir
    Path work;

    /** The batches of the recorded history of the push source, by their original time. */
    private static final Map<Kind, TreeMap<Long, List<String>>> RECORDED = new LinkedHashMap<>();

    enum Kind { PUSH, FILES }

    @BeforeAll
    static void recordHistories() throws Exception {
        // push: 15 rows, each its own batch, by a PERSISTING run that ends with a snapshot
        Path pushState = history.resolve("push/state");
        StateFiles.Timed<Word> sink = new StateFiles.Timed<>("rows");
        PushSource<Word> events = PushSource.create(Rows_Word_.SCHEMA, "1");
        Connectors.sink(events.table(), sink);
        RunHandle run = Tideway.start(run(config(pushState)));
        pushOneByOne(events, sink, 0, RECORDED_EVENTS);
        events.close();
        run.await();
        RECORDED.put(Kind.PUSH, new TreeMap<>(sink.byTime()));
        assertThat(RECORDED.get(Kind.PUSH)).hasSize(RECORDED_EVENTS);
    }

    /**
     * Files: 1.csv read by a first run, 2.csv by a second, in the cell's own folder (a source's files
     * are known by their path, so a copied folder would be read as new); the batches by time.
     */
    private static TreeMap<Long, List<String>> recordFiles(Path dir) throws Exception {
        StateFiles.write(dir.resolve("in/1.csv"), "word\nx\ny\n");
        TreeMap<Long, List<String>> batches = new TreeMap<>(runFiles(dir, dir.resolve("state"), config(dir.resolve("state"))));
        StateFiles.write(dir.resolve("in/2.csv"), "word\nx\n");
        batches.putAll(runFiles(dir, dir.resolve("state"), config(dir.resolve("state"))));
        assertThat(batches).hasSize(2);
        return batches;
    }

    private static PersistenceConfig config(Path state) {
        return PersistenceConfig.of(Backend.filesystem(state));
    }

    private static RunConfig run(PersistenceConfig config) {
        return RunConfig.defaults().withHandleSignals(false).withPersistence(config);
    }

    private static String row(int i) {
        return String.format("v%02d", i);
    }

    /** Pushes rows {@code from} to {@code to - 1}, each once the one before reached the sink: one batch each. */
    private static void pushOneByOne(PushSource<Word> events, StateFiles.Timed<Word> sink, int from, int to) {
        for (int i = from; i < to; i++) {
            events.insert(new Word(row(i)));
            String expected = "+ Word[word=" + row(i) + "]";
            Await.require(TIMEOUT, expected + " at the sink", () -> sink.all().contains(expected));
        }
    }

    /** A static run of the CSV folder {@code dir}/in persisted as "words"; what it emitted, by time. */
    private static Map<Long, List<String>> runFiles(Path dir, Path state, PersistenceConfig config) throws Exception {
        StateFiles.Timed<Word> sink = new StateFiles.Timed<>("rows");
        Connectors.sink(Connectors.source(new CsvSource<>(dir.resolve("in"), Rows_Word_.SCHEMA, CsvReadOptions.defaults().withStreaming(false)),
                "words"), sink);
        Tideway.run(run(config));
        return sink.byTime();
    }

    /** A run of the push source on {@code state}, fed {@code count} new rows (one batch each) after the replay. */
    private static Map<Long, List<String>> runPush(PersistenceConfig config, int count) throws Exception {
        StateFiles.Timed<Word> sink = new StateFiles.Timed<>("rows");
        PushSource<Word> events = PushSource.create(Rows_Word_.SCHEMA, "1");
        Connectors.sink(events.table(), sink);
        if (count == 0) {
            events.close();
            Tideway.run(run(config));
            return sink.byTime();
        }
        RunHandle handle = Tideway.start(run(config));
        pushOneByOne(events, sink, RECORDED_EVENTS, RECORDED_EVENTS + count);
        events.close();
        handle.await();
        return sink.byTime();
    }

    static Stream<Arguments> cells() {
        List<Arguments> cells = new ArrayList<>();
        for (PersistenceMode mode : List.of(PersistenceMode.PERSISTING, PersistenceMode.BATCH, PersistenceMode.SPEEDRUN_REPLAY)) {
            for (SnapshotAccess access : SnapshotAccess.values()) {
                for (Kind kind : Kind.values()) {
                    for (boolean newInput : new boolean[] {false, true}) {
                        cells.add(Arguments.of(mode, access, kind, newInput));
                    }
                }
            }
        }
        return cells.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2} new input: {3}")
    @MethodSource("cells")
    void emitsAndRecordsWhatTheModeAndTheAccessSay(PersistenceMode mode, SnapshotAccess access, Kind kind, boolean newInput)
            throws Exception {
        Path dir = work.resolve("cell");
        TreeMap<Long, List<String>> recorded;
        if (kind == Kind.PUSH) {
            copy(history.resolve("push"), dir);
            recorded = RECORDED.get(Kind.PUSH);
        } else {
            recorded = recordFiles(dir);
        }
        Path state = dir.resolve("state");
        PersistenceConfig config = config(state).withMode(mode).withSnapshotAccess(access);
        Map<String, String> before = StateFiles.digest(state);

        Map<Long, List<String>> emitted;
        List<String> newRows = new ArrayList<>();
        if (kind == Kind.PUSH) {
            emitted = runPush(config, newInput ? NEW_EVENTS : 0);
            for (int i = RECORDED_EVENTS; i < RECORDED_EVENTS + NEW_EVENTS; i++) {
                newRows.add("+ Word[word=" + row(i) + "]");
            }
        } else {
            if (newInput) {
                StateFiles.write(dir.resolve("in/3.csv"), "word\nz\n");
            }
            emitted = runFiles(dir, state, config);
            newRows.add("+ Word[word=z]");
        }
        int newBatches = !newInput ? 0 : kind == Kind.PUSH ? NEW_EVENTS : 1;

        // what it emitted: the replay, then the new input
        boolean replays = access == SnapshotAccess.FULL || access == SnapshotAccess.REPLAY;
        List<List<String>> batches = batches(emitted);
        List<List<String>> expected = new ArrayList<>();
        if (replays && mode == PersistenceMode.BATCH) {
            expected.add(sorted(recorded.values().stream().flatMap(List::stream).toList()));
        } else if (replays && mode == PersistenceMode.SPEEDRUN_REPLAY) {
            recorded.values().forEach(batch -> expected.add(sorted(batch)));
            assertThat(emitted.keySet()).as("the original times").containsAll(recorded.keySet());
        }
        int replayed = expected.size();
        if (newInput && kind == Kind.PUSH) {
            newRows.forEach(r -> expected.add(List.of(r)));
        } else if (newInput) {
            expected.add(newRows);
        }
        assertThat(batches).as("the batches emitted, in time order").isEqualTo(expected);
        assertThat(batches.size() - replayed).isEqualTo(newBatches);
        if (replayed > 0 && newInput) {
            assertThat(new ArrayList<>(emitted.keySet()).get(replayed)).as("new input after the replay")
                    .isGreaterThan(recorded.lastKey());
        }

        // what it recorded
        boolean recordsRows = access == SnapshotAccess.FULL || access == SnapshotAccess.RECORD;
        boolean writesNothing = access == SnapshotAccess.REPLAY || (mode != PersistenceMode.PERSISTING && !newInput);
        if (writesNothing) {
            assertThat(StateFiles.digest(state)).as("the state is as it was").isEqualTo(before);
        }
        List<List<String>> expectedRecorded = new ArrayList<>();
        if (recordsRows || writesNothing) {
            recorded.values().forEach(batch -> expectedRecorded.add(sorted(batch)));
            if (recordsRows && newInput) {
                expectedRecorded.addAll(expected.subList(replayed, expected.size()));
            }
        }
        PersistenceConfig replay = config(state).withMode(PersistenceMode.SPEEDRUN_REPLAY).withSnapshotAccess(SnapshotAccess.REPLAY)
                .withContinueAfterReplay(false);
        Map<Long, List<String>> again = kind == Kind.PUSH ? runPush(replay, 0) : runFiles(dir, state, replay);
        assertThat(batches(again)).as("the batches recorded").isEqualTo(expectedRecorded);
    }

    private static List<List<String>> batches(Map<Long, List<String>> byTime) {
        return byTime.values().stream().filter(b -> !b.isEmpty()).map(ReplayMatrixTest::sorted).toList();
    }

    private static List<String> sorted(List<String> rows) {
        return rows.stream().sorted().toList();
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.sorted(Comparator.naturalOrder()).toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }
}
