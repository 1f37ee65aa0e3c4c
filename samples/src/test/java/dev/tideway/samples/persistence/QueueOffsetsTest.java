package dev.tideway.samples.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tideway.DuplicateKeyPolicy;
import dev.tideway.Reducers;
import dev.tideway.RunConfig;
import dev.tideway.Tideway;
import dev.tideway.spi.Connectors;
import dev.tideway.InputException;
import dev.tideway.io.jsonlines.JsonLines;
import dev.tideway.persistence.Backend;
import dev.tideway.persistence.PersistenceConfig;
import dev.tideway.persistence.SnapshotAccess;
import dev.tideway.samples.persistence.Rows.Shop;
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
        Connectors.sink(Connectors.source(second, "words"), rows);
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

    @Test
    void keyedChangesWhoseRowsShareAPrimaryKeyFollowThePolicyAcrossRestarts() throws Exception {
        MemoryQueue<Shop> shops = new MemoryQueue<>();
        shops.append("k1", new Shop("s1", "Oslo"));
        shops.append("k1", new Shop("s1", "Bergen"));     // the same message key: always a replacement
        shops.append("k2", new Shop("s1", "Rome"));       // another message key, the same primary key: the policy decides
        shops.append("k3", new Shop("s3", "Lyon"));
        shops.append("k5", new Shop("s5", "Pisa"));
        // two messages a commit (log only); the third poll fails, so the second run starts from the log tail
        StateFiles.Timed<Shop> first = new StateFiles.Timed<>("first");
        Connectors.sink(Connectors.source(shops.connector(Rows_Shop_.SCHEMA, true, 2, 3).withDuplicateKeys(DuplicateKeyPolicy.UPSERT),
                "shops"), first);
        assertThatThrownBy(() -> Tideway.run(RunConfig.defaults().withHandleSignals(false).withPersistence(
                config().withSnapshotIntervalMs(3_600_000)))).hasStackTraceContaining("simulated crash at poll 3");
        assertThat(List.copyOf(first.byTime().values())).satisfiesExactly(
                batch -> assertThat(batch).containsExactly("+ Shop[shop=s1, city=Bergen]"),
                batch -> assertThat(batch).containsExactlyInAnyOrder("- Shop[shop=s1, city=Bergen]", "+ Shop[shop=s1, city=Rome]",
                        "+ Shop[shop=s3, city=Lyon]"));

        // k1 lost its row to k2: its tombstone changes nothing; k2's deletes the row of s1
        shops.append("k1", null);
        shops.append("k2", null);
        shops.append("k4", new Shop("s3", "Nice"));       // takes s3 from k3 under UPSERT
        StateFiles.Timed<Shop> second = new StateFiles.Timed<>("second");
        MemoryQueue<Shop>.Reader reader = shops.connector(Rows_Shop_.SCHEMA, true, 100, 0).withDuplicateKeys(DuplicateKeyPolicy.UPSERT);
        Connectors.sink(Connectors.source(reader, "shops"), second);
        Tideway.run(RunConfig.defaults().withHandleSignals(false).withPersistence(config()));
        assertThat(reader.seekedTo).isEqualTo(4);
        // a sink without a position gets the log tail replayed batch by batch, as the first run made it, then the new batch
        List<List<String>> batches = List.copyOf(second.byTime().values());
        assertThat(batches).hasSize(3);
        assertThat(batches.subList(0, 2)).isEqualTo(List.copyOf(first.byTime().values()));
        assertThat(batches.get(2)).containsExactlyInAnyOrder("+ Shop[shop=s5, city=Pisa]", "- Shop[shop=s1, city=Rome]",
                "- Shop[shop=s3, city=Lyon]", "+ Shop[shop=s3, city=Nice]");
    }

    @Test
    void underRejectAKeyedChangeWhoseRowTakesAnotherMessageKeysPrimaryKeyStopsTheRun() throws Exception {
        MemoryQueue<Shop> shops = new MemoryQueue<>();
        shops.append("k1", new Shop("s1", "Oslo"));
        shops.append("k2", new Shop("s1", "Rome"));
        StateFiles.Timed<Shop> rows = new StateFiles.Timed<>("rows");
        Connectors.sink(Connectors.source(shops.connector(Rows_Shop_.SCHEMA, true, 100, 0), "shops"), rows);
        assertThatThrownBy(() -> Tideway.run(RunConfig.defaults().withHandleSignals(false).withPersistence(config())))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("memory-queue: source \"shops\": cannot take the keyed change to Shop[shop=s1, city=Rome]:"
                        + " its primary key is held by Shop[shop=s1, city=Oslo], the row of another message key")
                .hasMessageContaining("DuplicateKeyPolicy.UPSERT");
        assertThat(rows.all()).as("nothing of the failed batch is written").isEmpty();
    }

    private PersistenceConfig config() {
        return PersistenceConfig.of(Backend.filesystem(work.resolve("state")));
    }

    private void runCounts(MemoryQueue<Word>.Reader reader, PersistenceConfig persistence) throws Exception {
        JsonLines.write(Connectors.source(reader, "words").groupBy(Rows_Word_.word)
                .reduce(Rows_WordCount_.of(Rows_Word_.word, Reducers.count())), work.resolve("counts.jsonl"));
        Tideway.run(RunConfig.defaults().withHandleSignals(false).withPersistence(persistence));
    }

    private void runRows(MemoryQueue<Word>.Reader reader, PersistenceConfig persistence) throws Exception {
        JsonLines.write(Connectors.source(reader, "words"), work.resolve("rows.jsonl"));
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
