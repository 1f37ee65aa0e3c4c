package dev.tideway.samples.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tideway.Reducers;
import dev.tideway.RunConfig;
import dev.tideway.Tideway;
import dev.tideway.engine.Tables;
import dev.tideway.io.jsonlines.JsonLines;
import dev.tideway.persistence.Backend;
import dev.tideway.persistence.PersistenceConfig;
import dev.tideway.persistence.SnapshotAccess;
import dev.tideway.samples.persistence.Rows.Word;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The source-offset SPI: a queue connector's offsets are committed with the rows they cover (in the
 * write-ahead log and in snapshots) and handed back on restart, so a restarted run seeks to them
 * and reads every message into the state once; keyed changes (upsert, tombstones) survive restarts.
 */
class QueueOffsetsTest {
    @TempDir
    Path work;

    private final MemoryQueue<Word> queue = new MemoryQueue<>();

    @Test
    void aFailedRunResumesAtTheOffsetsOfItsLastCommitFromTheLog() throws Exception {
        String[] words = {"a", "b", "a", "c", "a", "b", "d", "a", "e", "f"};
        for (String word : words) {
            queue.append(null, new Word(word));
        }
        // 3 messages a poll, each poll its own commit (log only: no snapshot is due); the 4th poll fails
        MemoryQueue<Word>.Reader first = queue.connector(Rows_Word_.SCHEMA, false, 3, 4);
        assertThatThrownBy(() -> runCounts(first, PersistenceConfig.of(Backend.filesystem(work.resolve("state")))
                .withSnapshotIntervalMs(3_600_000)))
                .hasStackTraceContaining("simulated crash at poll 4");
        assertThat(first.acknowledged).containsExactly(3L, 6L, 9L);

        MemoryQueue<Word>.Reader second = queue.connector(Rows_Word_.SCHEMA, false, 3, 0);
        runCounts(second, PersistenceConfig.of(Backend.filesystem(work.resolve("state"))));

        assertThat(second.seekedTo).isEqualTo(9);
        assertThat(StateFiles.consolidate(work.resolve("counts.jsonl"))).containsExactlyInAnyOrderElementsOf(expectedCounts(words));
    }

    @Test
    void aFinishedRunResumesAtTheOffsetsOfItsSnapshot() throws Exception {
        for (String word : new String[] {"a", "b", "a"}) {
            queue.append(null, new Word(word));
        }
        runCounts(queue.connector(Rows_Word_.SCHEMA, false, 100, 0), PersistenceConfig.of(Backend.filesystem(work.resolve("state"))));
        queue.append(null, new Word("a"));
        queue.append(null, new Word("c"));

        MemoryQueue<Word>.Reader second = queue.connector(Rows_Word_.SCHEMA, false, 100, 0);
        runCounts(second, PersistenceConfig.of(Backend.filesystem(work.resolve("state"))));

        assertThat(second.seekedTo).isEqualTo(3);
        assertThat(StateFiles.consolidate(work.resolve("counts.jsonl")))
                .containsExactlyInAnyOrderElementsOf(expectedCounts("a", "b", "a", "a", "c"));
    }

    @Test
    void offsetsOnlyKeepsTheOffsets() throws Exception {
        queue.append(null, new Word("a"));
        runCounts(queue.connector(Rows_Word_.SCHEMA, false, 100, 0), PersistenceConfig.of(Backend.filesystem(work.resolve("state")))
                .withSnapshotAccess(SnapshotAccess.OFFSETS_ONLY));
        queue.append(null, new Word("b"));

        MemoryQueue<Word>.Reader second = queue.connector(Rows_Word_.SCHEMA, false, 100, 0);
        StateFiles.Timed<Word> rows = new StateFiles.Timed<>("rows");
        Tables.sink(Tables.source(second, "words"), rows);
        Tideway.run(RunConfig.defaults().withHandleSignals(false).withPersistence(PersistenceConfig.of(
                Backend.filesystem(work.resolve("state"))).withSnapshotAccess(SnapshotAccess.OFFSETS_ONLY)));

        assertThat(rows.all()).containsExactly("+ Word[word=b]");
        assertThat(second.seekedTo).isEqualTo(1);
    }

    @Test
    void keyedChangesReplaceAndDeleteTheirKeysRowAcrossRestarts() throws Exception {
        queue.append("k1", new Word("a"));
        queue.append("k2", new Word("b"));
        queue.append("k1", new Word("c"));       // replaces a
        queue.append("k3", new Word("x"));
        queue.append("k3", null);                // tombstone in the same run
        queue.append("k4", new Word("d"));
        // a run that fails after two commits of two messages (log only), then one that finishes
        assertThatThrownBy(() -> runRows(queue.connector(Rows_Word_.SCHEMA, true, 2, 3), config().withSnapshotIntervalMs(3_600_000)))
                .hasStackTraceContaining("simulated crash");
        MemoryQueue<Word>.Reader second = queue.connector(Rows_Word_.SCHEMA, true, 2, 0);
        runRows(second, config());
        assertThat(second.seekedTo).isEqualTo(4);
        assertThat(StateFiles.consolidate(work.resolve("rows.jsonl"))).containsExactlyInAnyOrder(
                "{\"word\":\"c\"}", "{\"word\":\"b\"}", "{\"word\":\"d\"}");

        // a third run from the snapshot the second one ended with: a tombstone and a new value
        queue.append("k2", null);
        queue.append("k4", new Word("e"));
        queue.append("k9", null);                // a key never seen: nothing to delete
        runRows(queue.connector(Rows_Word_.SCHEMA, true, 2, 0), config());
        assertThat(StateFiles.consolidate(work.resolve("rows.jsonl"))).containsExactlyInAnyOrder(
                "{\"word\":\"c\"}", "{\"word\":\"e\"}");
    }

    private PersistenceConfig config() {
        return PersistenceConfig.of(Backend.filesystem(work.resolve("state")));
    }

    private void runCounts(MemoryQueue<Word>.Reader reader, PersistenceConfig persistence) throws Exception {
        JsonLines.write(Tables.source(reader, "words").groupBy(Rows_Word_.word)
                .reduce(Rows_WordCount_.of(Rows_Word_.word, Reducers.count())), work.resolve("counts.jsonl"));
        Tideway.run(RunConfig.defaults().withHandleSignals(false).withPersistence(persistence));
    }

    private void runRows(MemoryQueue<Word>.Reader reader, PersistenceConfig persistence) throws Exception {
        JsonLines.write(Tables.source(reader, "words"), work.resolve("rows.jsonl"));
        Tideway.run(RunConfig.defaults().withHandleSignals(false).withPersistence(persistence));
    }

    private static List<String> expectedCounts(String... words) {
        Map<String, Integer> counts = new TreeMap<>();
        for (String word : words) {
            counts.merge(word, 1, Integer::sum);
        }
        return counts.entrySet().stream().map(e -> "{\"word\":\"" + e.getKey() + "\",\"count\":" + e.getValue() + "}").toList();
    }
}
