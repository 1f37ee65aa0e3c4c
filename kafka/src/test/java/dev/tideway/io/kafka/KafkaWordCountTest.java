package dev.tideway.io.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tideway.Reducers;
import dev.tideway.RunConfig;
import dev.tideway.RunHandle;
import dev.tideway.Tideway;
import dev.tideway.io.kafka.Rows.Word;
import dev.tideway.io.kafka.Rows.WordCount;
import dev.tideway.io.kafka.testing.KafkaBroker;
import dev.tideway.persistence.Backend;
import dev.tideway.persistence.PersistenceConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The word count reading a topic and writing a topic, on a real broker: static (up to the end
 * offsets at start) and streaming, with persistence; a second run continues the first.
 */
@Tag("slow")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class KafkaWordCountTest {
    @TempDir
    static Path brokerDir;
    static KafkaBroker broker;

    @TempDir
    Path work;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = KafkaBroker.start(brokerDir);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void staticRunsReadUpToTheEndOffsetsAndContinueWhereTheLastStopped() throws Exception {
        broker.createTopic("static-in", 3);
        broker.createTopic("static-out", 2);
        TopicIO.produceValues(broker.bootstrapServers(), "static-in", List.of("apple", "kiwi", "apple", "fig"));
        runStatic("static-in", "static-out");
        assertThat(TopicIO.consolidate(TopicIO.readCommitted(broker.bootstrapServers(), "static-out"))).containsOnlyKeys(
                TopicIO.count("apple", 2), TopicIO.count("kiwi", 1), TopicIO.count("fig", 1));

        TopicIO.produceValues(broker.bootstrapServers(), "static-in", List.of("kiwi", "plum"));
        runStatic("static-in", "static-out");
        var output = TopicIO.readCommitted(broker.bootstrapServers(), "static-out");
        assertThat(TopicIO.consolidate(output)).containsOnlyKeys(
                TopicIO.count("apple", 2), TopicIO.count("kiwi", 2), TopicIO.count("fig", 1), TopicIO.count("plum", 1));
        // the second run wrote only its changes: kiwi 1 -> 2 (a retraction and an insertion) and plum
        assertThat(output).hasSize(3 + 3);
    }

    @Test
    void aStreamingRunCountsWhatIsProducedWhileItRuns() throws Exception {
        broker.createTopic("stream-in", 2);
        broker.createTopic("stream-out", 1);
        build("stream-in", "stream-out", true);
        RunHandle run = Tideway.start(RunConfig.defaults().withHandleSignals(false)
                .withPersistence(PersistenceConfig.of(Backend.filesystem(work.resolve("state")))));
        Map<String, Long> expected = new TreeMap<>();
        for (int round = 0; round < 5; round++) {
            List<String> words = List.of("w" + round, "w0", "x");
            TopicIO.produceValues(broker.bootstrapServers(), "stream-in", words);
            words.forEach(word -> expected.merge(word, 1L, Long::sum));
        }
        List<String> rows = expected.entrySet().stream().map(e -> TopicIO.count(e.getKey(), e.getValue())).toList();
        Await.require(Duration.ofSeconds(60), "the counts of everything produced in stream-out", () ->
                TopicIO.consolidate(TopicIO.readCommitted(broker.bootstrapServers(), "stream-out")).keySet().equals(new java.util.TreeSet<>(rows)));
        run.stop();
        run.await();
    }

    private void runStatic(String in, String out) throws Exception {
        build(in, out, false);
        Tideway.run(RunConfig.defaults().withHandleSignals(false)
                .withPersistence(PersistenceConfig.of(Backend.filesystem(work.resolve("state")))));
    }

    private void build(String in, String out, boolean streaming) {
        var words = KafkaSource.read(in, Rows_Word_.SCHEMA, KafkaReadOptions.of(broker.bootstrapServers())
                .withFormat(KafkaFormat.CSV).withStreaming(streaming).withPersistentId("words"));
        var counts = words.groupBy(Rows_Word_.word).reduce(Rows_WordCount_.of(Rows_Word_.word, Reducers.count()));
        KafkaSink.write(counts, out, KafkaWriteOptions.of(broker.bootstrapServers()));
    }

    @SuppressWarnings("unused")
    private static Class<?>[] rows() {
        return new Class<?>[] {Word.class, WordCount.class};
    }
}
