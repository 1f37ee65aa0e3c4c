package dev.tideway.io.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tideway.RunConfig;
import dev.tideway.RunHandle;
import dev.tideway.Table;
import dev.tideway.Tideway;
import dev.tideway.InputException;
import dev.tideway.io.file.BadRowPolicy;
import dev.tideway.io.kafka.Rows.Balance;
import dev.tideway.io.kafka.Rows.Located;
import dev.tideway.io.kafka.Rows.Word;
import dev.tideway.io.kafka.testing.KafkaBroker;
import dev.tideway.io.subscribe.Subscribe;
import dev.tideway.persistence.Backend;
import dev.tideway.persistence.PersistenceConfig;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kafka source on a real broker: upsert with tombstones across restarts, partitions added while
 * streaming, offsets truncated by retention, bad records under STOP and SKIP, the run's meters,
 * metadata columns.
 */
@Tag("slow")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class KafkaSourceTest {
    @TempDir
    static Path brokerDir;
    static KafkaBroker broker;

    @TempDir
    Path work;

    /** The rows the last run's table holds, by what its changes add up to. */
    private final Map<String, Integer> rows = Collections.synchronizedMap(new TreeMap<>());

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
    void upsertRecordsReplaceTheirKeysRowAndTombstonesDeleteItAcrossRestarts() throws Exception {
        broker.createTopic("balances", 2);
        TopicIO.produce(broker.bootstrapServers(), "balances", List.of(
                new String[] {"A", "{\"account\":\"A\",\"amount\":10}"},
                new String[] {"B", "{\"account\":\"B\",\"amount\":20}"},
                new String[] {"A", "{\"account\":\"A\",\"amount\":15}"},
                new String[] {"C", "{\"account\":\"C\",\"amount\":1}"},
                new String[] {"C", null}));
        runStatic(balances());
        assertThat(present()).containsExactlyInAnyOrder("Balance[account=A, amount=15]", "Balance[account=B, amount=20]");

        TopicIO.produce(broker.bootstrapServers(), "balances", List.of(
                new String[] {"B", null},
                new String[] {"A", "{\"account\":\"A\",\"amount\":99}"},
                new String[] {"Z", null}));
        List<String> secondRun = new ArrayList<>();
        Subscribe.subscribe(balances(), (key, row, time, added) -> secondRun.add((added ? "+ " : "- ") + row));
        Tideway.run(RunConfig.defaults().withHandleSignals(false).withPersistence(state()));
        // the restored keyed rows are retracted by the new records; the unknown key's tombstone changes nothing
        assertThat(secondRun).containsExactlyInAnyOrder("- Balance[account=B, amount=20]", "- Balance[account=A, amount=15]",
                "+ Balance[account=A, amount=99]");
    }

    @Test
    void partitionsAddedWhileStreamingAreReadFromTheirStart() throws Exception {
        broker.createTopic("growing", 1);
        TopicIO.produceValues(broker.bootstrapServers(), "growing", List.of("a"));
        Table<Word> words = KafkaSource.read("growing", Rows_Word_.SCHEMA, KafkaReadOptions.of(broker.bootstrapServers())
                .withFormat(KafkaFormat.CSV).withPartitionDiscovery(Duration.ofMillis(200)));
        capture(words);
        RunHandle run = Tideway.start(RunConfig.defaults().withHandleSignals(false).withPersistence(state()));
        Await.require(Duration.ofSeconds(30), "the first word", () -> present().contains("Word[word=a]"));
        broker.addPartitions("growing", 3);
        TopicIO.produceTo(broker.bootstrapServers(), "growing", 2, List.of("c1", "c2"));
        TopicIO.produceTo(broker.bootstrapServers(), "growing", 1, List.of("b"));
        Await.require(Duration.ofSeconds(30), "the words of the new partitions", () -> present().size() == 4);
        run.stop();
        run.await();
        assertThat(present()).containsExactlyInAnyOrder("Word[word=a]", "Word[word=b]", "Word[word=c1]", "Word[word=c2]");
    }

    @Test
    void offsetsTruncatedByRetentionAreAClearErrorOrALoggedReset() throws Exception {
        broker.createTopic("truncated", 1);
        TopicIO.produceValues(broker.bootstrapServers(), "truncated", List.of("a", "b"));
        runStatic(words("truncated", KafkaReadOptions.of(broker.bootstrapServers()).withFormat(KafkaFormat.CSV)));
        TopicIO.produceValues(broker.bootstrapServers(), "truncated", List.of("c", "d", "e"));
        try (Admin admin = broker.admin()) {   // what retention does: the log now starts at offset 4
            admin.deleteRecords(Map.of(new TopicPartition("truncated", 0), RecordsToDelete.beforeOffset(4))).all().get(30, TimeUnit.SECONDS);
        }

        assertThatThrownBy(() -> runStatic(words("truncated", KafkaReadOptions.of(broker.bootstrapServers()).withFormat(KafkaFormat.CSV))))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("topic truncated, partition 0: the committed offset is 2, but its earliest offset is now 4")
                .hasMessageContaining("records from 2 to 3 were deleted")
                .hasMessageContaining("withOffsetReset(OffsetReset.EARLIEST)");

        rows.clear();
        runStatic(words("truncated", KafkaReadOptions.of(broker.bootstrapServers()).withFormat(KafkaFormat.CSV)
                .withOffsetReset(OffsetReset.EARLIEST)));
        assertThat(present()).containsExactly("Word[word=e]");
    }

    @Test
    void badRecordsStopTheRunOrAreSkippedAndReportedWithTopicPartitionAndOffset() throws Exception {
        broker.createTopic("bad", 1);
        TopicIO.produceValues(broker.bootstrapServers(), "bad", List.of("{\"word\":\"ok\"}", "not json", "{\"other\":1}", "{\"word\":\"fine\"}"));

        assertThatThrownBy(() -> runStatic(words("bad", KafkaReadOptions.of(broker.bootstrapServers()).withFormat(KafkaFormat.JSON))))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("topic bad, partition 0, offset 1: invalid JSON")
                .hasMessageContaining("value \"not json\"");

        rows.clear();
        List<BadKafkaRecord> skipped = new ArrayList<>();
        KafkaReadOptions skipping = KafkaReadOptions.of(broker.bootstrapServers()).withFormat(KafkaFormat.JSON)
                .withBadRows(BadRowPolicy.SKIP).withBadRecordConsumer(skipped::add);
        runStatic(words("bad", skipping));
        assertThat(present()).containsExactlyInAnyOrder("Word[word=ok]", "Word[word=fine]");
        assertThat(skipped).extracting(BadKafkaRecord::offset).containsExactly(1L, 2L);
        assertThat(skipped.get(1).describe()).isEqualTo("topic bad, partition 0, offset 2: missing required field \"word\"; value \"{\"other\":1}\"");
        assertThat(skipping.skippedRecords()).isEqualTo(2);
    }

    /** The run's meters (RunConfig.withMeterRegistry) count a queue's rows, record bytes and skipped records, as a file source's. */
    @Test
    void rowsRecordBytesAndSkippedRecordsAreCountedInTheRunsMeters() throws Exception {
        broker.createTopic("metered", 1);
        List<String> values = List.of("{\"word\":\"ok\"}", "not json", "{\"word\":\"fine\"}");
        TopicIO.produceValues(broker.bootstrapServers(), "metered", values);
        MeterRegistry registry = new SimpleMeterRegistry();
        Map<String, Double> atEnd = new java.util.concurrent.ConcurrentHashMap<>();
        // a run's meters leave the registry with it: what they said then is what a last scrape saw
        registry.config().onMeterRemoved(meter -> {
            if (meter instanceof FunctionCounter counter && "words".equals(meter.getId().getTag("source"))) {
                atEnd.put(meter.getId().getName(), counter.count());
            }
        });
        capture(words("metered", KafkaReadOptions.of(broker.bootstrapServers()).withFormat(KafkaFormat.JSON).withBadRows(BadRowPolicy.SKIP)));
        Tideway.run(RunConfig.defaults().withHandleSignals(false).withProgress(false).withMeterRegistry(registry));
        assertThat(present()).containsExactlyInAnyOrder("Word[word=ok]", "Word[word=fine]");
        assertThat(atEnd).containsEntry("tideway.source.rows", 2.0).containsEntry("tideway.source.bad.rows", 1.0)
                .containsEntry("tideway.source.bytes", (double) values.stream().mapToInt(v -> v.getBytes(StandardCharsets.UTF_8).length).sum());
    }

    @Test
    void metadataColumnsAreFilledFromTheRecordInJsonAndCsv() throws Exception {
        broker.createTopic("located", 1);
        long before = System.currentTimeMillis();
        TopicIO.produce(broker.bootstrapServers(), "located", List.<String[]>of(new String[] {"k1", "{\"word\":\"x\",\"offset\":999}"}));
        KafkaReadOptions options = KafkaReadOptions.of(broker.bootstrapServers()).withMetadataColumn(KafkaMetadata.TOPIC, "topic")
                .withMetadataColumn(KafkaMetadata.PARTITION, "partition").withMetadataColumn(KafkaMetadata.OFFSET, "offset")
                .withMetadataColumn(KafkaMetadata.TIMESTAMP, "timestamp").withMetadataColumn(KafkaMetadata.KEY, "key")
                .withStreaming(false);
        List<Located> json = new ArrayList<>();
        Subscribe.subscribe(KafkaSource.read("located", Rows_Located_.SCHEMA, options), (key, row, time, added) -> json.add(row));
        Tideway.run(RunConfig.defaults().withHandleSignals(false));
        assertThat(json).hasSize(1);
        Located row = json.get(0);
        assertThat(row.word()).isEqualTo("x");
        assertThat(row.topic()).isEqualTo("located");
        assertThat(row.partition()).isZero();
        assertThat(row.offset()).isZero();   // the record's offset, not the value's field
        assertThat(row.key()).isEqualTo("k1");
        assertThat(row.timestamp()).isBetween(Instant.ofEpochMilli(before), Instant.now());

        broker.createTopic("located-csv", 1);
        TopicIO.produce(broker.bootstrapServers(), "located-csv", List.<String[]>of(new String[] {"k2", "y"}));
        List<Located> csv = new ArrayList<>();
        Subscribe.subscribe(KafkaSource.read("located-csv", Rows_Located_.SCHEMA, options.withFormat(KafkaFormat.CSV)),
                (key, r, time, added) -> csv.add(r));
        Tideway.run(RunConfig.defaults().withHandleSignals(false));
        assertThat(csv).extracting(Located::word, Located::topic, Located::offset, Located::key).containsExactly(
                org.assertj.core.groups.Tuple.tuple("y", "located-csv", 0L, "k2"));
    }

    private Table<Balance> balances() {
        return KafkaSource.read("balances", Rows_Balance_.SCHEMA, KafkaReadOptions.of(broker.bootstrapServers())
                .withUpsert(true).withStreaming(false).withPersistentId("balances"));
    }

    private Table<Word> words(String topic, KafkaReadOptions options) {
        return KafkaSource.read(topic, Rows_Word_.SCHEMA, options.withStreaming(false).withPersistentId("words"));
    }

    private <T> void runStatic(Table<T> table) throws Exception {
        capture(table);
        Tideway.run(RunConfig.defaults().withHandleSignals(false).withPersistence(state()));
    }

    private <T> void capture(Table<T> table) {
        Subscribe.subscribe(table, (key, row, time, added) -> rows.merge(String.valueOf(row), added ? 1 : -1, Integer::sum));
    }

    private List<String> present() {
        synchronized (rows) {
            return rows.entrySet().stream().filter(e -> e.getValue() > 0).map(Map.Entry::getKey).toList();
        }
    }

    private PersistenceConfig state() {
        return PersistenceConfig.of(Backend.filesystem(work.resolve("state")));
    }
}
