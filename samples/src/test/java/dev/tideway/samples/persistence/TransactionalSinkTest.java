package dev.tideway.samples.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tideway.Reducers;
import dev.tideway.RunConfig;
import dev.tideway.Tideway;
import dev.tideway.spi.Connectors;
import dev.tideway.persistence.Backend;
import dev.tideway.persistence.PersistenceConfig;
import dev.tideway.persistence.inspect.StateInspector;
import dev.tideway.internal.storage.MetadataStore;
import dev.tideway.internal.storage.PreparedTransactions;
import dev.tideway.samples.persistence.Rows.Word;
import dev.tideway.samples.persistence.Rows.WordCount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two-phase sink SPI: a transactional sink's transaction is prepared before the metadata and
 * committed after it; a run that dies between the two, before or after the transaction committed,
 * is recovered so that the topic holds every change exactly once.
 */
class TransactionalSinkTest {
    @TempDir
    Path work;

    private final MemoryQueue<Word> queue = new MemoryQueue<>();
    private final MemoryTopic topic = new MemoryTopic();
    private final List<String> secondPhases = new ArrayList<>();

    @Test
    void theTransactionCommitsAfterTheMetadataThatNamesWhatFinishesIt() throws Exception {
        append("a", "b", "a");
        run(MemoryTopic.Crash.NONE, 2);
        // each second phase found its prepared transaction and the metadata naming it durable
        assertThat(secondPhases).containsExactly("position 1: prepared, named", "position 2: prepared, named");
        assertThat(StateFiles.net(topic.committed())).containsExactlyInAnyOrder(
                "WordCount[word=a, count=2]", "WordCount[word=b, count=1]");
        // only the prepared transaction the last metadata names is kept
        assertThat(StateFiles.files(work.resolve("state")).stream().filter(f -> f.startsWith("prepared/")).count()).isEqualTo(1);
    }

    @Test
    void aCrashBeforeThePreparedTransactionCommitsIsFinishedByWritingItAgain() throws Exception {
        append("a", "b");
        assertThatThrownBy(() -> run(MemoryTopic.Crash.BEFORE_COMMIT, 100)).hasStackTraceContaining("before the transaction commits");
        assertThat(topic.committed()).isEmpty();

        append("a");
        MemoryTopic.Sink<WordCount> sink = run(MemoryTopic.Crash.NONE, 100);
        assertThat(sink.recovered).isEqualTo("rewritten 2");
        assertThat(StateFiles.net(topic.committed())).containsExactlyInAnyOrder(
                "WordCount[word=a, count=2]", "WordCount[word=b, count=1]");
    }

    @Test
    void aCrashAfterThePreparedTransactionCommittedWritesNothingAgain() throws Exception {
        append("a", "b");
        assertThatThrownBy(() -> run(MemoryTopic.Crash.AFTER_COMMIT, 100)).hasStackTraceContaining("after the transaction committed");
        List<String> before = topic.committed();
        assertThat(before).hasSize(2);

        append("c");
        MemoryTopic.Sink<WordCount> sink = run(MemoryTopic.Crash.NONE, 100);
        assertThat(sink.recovered).isEqualTo("committed");
        assertThat(topic.committed()).hasSize(3);
        assertThat(StateFiles.net(topic.committed())).containsExactlyInAnyOrder(
                "WordCount[word=a, count=1]", "WordCount[word=b, count=1]", "WordCount[word=c, count=1]");
    }

    @Test
    void withTwoStoragesThePreparedTransactionsAreInTheSnapshotStorageAndVerifyChecksThem() throws Exception {
        Path metadata = work.resolve("metadata");
        Path snapshots = work.resolve("snapshots");
        Files.createDirectories(metadata);
        Files.createDirectories(snapshots);
        append("a", "b");
        PersistenceConfig split = PersistenceConfig.of(Backend.filesystem(metadata), Backend.filesystem(snapshots));
        Connectors.sink(Connectors.source(queue.connector(Rows_Word_.SCHEMA, false, 100, 0), "words").groupBy(Rows_Word_.word)
                .reduce(Rows_WordCount_.of(Rows_Word_.word, Reducers.count())), topic.sink("counts", MemoryTopic.Crash.NONE, p -> {}));
        Tideway.run(RunConfig.defaults().withHandleSignals(false).withPersistence(split));

        List<String> prepared = StateFiles.files(snapshots).stream().filter(f -> f.startsWith("prepared/")).toList();
        assertThat(prepared).hasSize(1);
        assertThat(StateFiles.files(metadata)).noneMatch(f -> f.startsWith("prepared/"));
        StateInspector inspector = new StateInspector(Backend.filesystem(metadata), Backend.filesystem(snapshots));
        assertThat(inspector.verify()).isEmpty();

        byte[] object = Files.readAllBytes(snapshots.resolve(prepared.get(0)));
        object[object.length - 1] ^= 0x5a;
        Files.write(snapshots.resolve(prepared.get(0)), object);
        assertThat(inspector.verify()).singleElement().asString().startsWith(prepared.get(0) + ": ");
    }

    private void append(String... words) {
        for (String word : words) {
            queue.append(null, new Word(word));
        }
    }

    private MemoryTopic.Sink<WordCount> run(MemoryTopic.Crash crash, int perPoll) throws Exception {
        Path state = work.resolve("state");
        MemoryTopic.Sink<WordCount> sink = topic.sink("counts", crash, position -> {
            boolean prepared = new PreparedTransactions(Backend.filesystem(state)).get("memory-topic:counts", position).isPresent();
            boolean named = new MetadataStore(Backend.filesystem(state)).latest().orElseThrow().sinks()
                    .get("memory-topic:counts") == position;
            secondPhases.add("position " + position + ": " + (prepared ? "prepared" : "not prepared") + ", " + (named ? "named" : "not named"));
        });
        Connectors.sink(Connectors.source(queue.connector(Rows_Word_.SCHEMA, false, perPoll, 0), "words").groupBy(Rows_Word_.word)
                .reduce(Rows_WordCount_.of(Rows_Word_.word, Reducers.count())), sink);
        Files.createDirectories(state);
        Tideway.run(RunConfig.defaults().withHandleSignals(false).withPersistence(PersistenceConfig.of(Backend.filesystem(state))));
        return sink;
    }
}
