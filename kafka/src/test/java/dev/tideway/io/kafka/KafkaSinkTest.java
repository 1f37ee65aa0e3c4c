package dev.tideway.io.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tideway.RunConfig;
import dev.tideway.Tideway;
import dev.tideway.io.kafka.testing.KafkaBroker;
import dev.tideway.persistence.Backend;
import dev.tideway.persistence.PersistenceConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The Kafka sink on a real broker: upsert records and tombstones; a topic recreated under a prepared transaction. */
@Tag("slow")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class KafkaSinkTest {
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
    void upsertWritesEachKeysLastStateAndATombstoneWhenItsRowIsDeleted() throws Exception {
        broker.createTopic("accounts", 1);
        broker.createTopic("accounts-view", 2);
        TopicIO.produce(broker.bootstrapServers(), "accounts", List.of(
                new String[] {"A", "{\"account\":\"A\",\"amount\":10}"},
                new String[] {"B", "{\"account\":\"B\",\"amount\":20}"},
                new String[] {"A", "{\"account\":\"A\",\"amount\":11}"}));
        runUpsert();
        TopicIO.produce(broker.bootstrapServers(), "accounts", List.<String[]>of(new String[] {"B", null}));
        runUpsert();

        Map<String, String> last = new LinkedHashMap<>();
        List<ConsumerRecord<String, String>> records = TopicIO.readCommitted(broker.bootstrapServers(), "accounts-view");
        records.forEach(record -> last.put(record.key(), record.value()));
        // one record a key and time: A's first batch holds only its last state
        assertThat(records).hasSize(3);
        assertThat(last).containsEntry("{\"account\":\"A\"}", "{\"account\":\"A\",\"amount\":11}")
                .containsEntry("{\"account\":\"B\"}", null);
    }

    @Test
    void aTopicCreatedAgainUnderAPreparedTransactionIsAClearErrorNotAWait() throws Exception {
        broker.createTopic("letters", 1);
        broker.createTopic("letters-out", 1);
        TopicIO.produceValues(broker.bootstrapServers(), "letters", List.of("a", "b"));
        runCopy();
        broker.deleteTopic("letters-out");
        Await.require(Duration.ofSeconds(60), "letters-out created again", () -> {
            try {
                broker.createTopic("letters-out", 1);
                return true;
            } catch (IllegalStateException stillBeingDeleted) {
                return false;
            }
        });

        long start = System.nanoTime();
        assertThatThrownBy(this::runCopy).hasStackTraceContaining("topic letters-out, partition 0 ends at offset 0, before the first"
                + " record of the transaction the last commit prepared (offset 0): the topic was deleted and created again");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(60));
    }

    private void runUpsert() throws Exception {
        var balances = KafkaSource.read("accounts", Rows_Balance_.SCHEMA, KafkaReadOptions.of(broker.bootstrapServers())
                .withUpsert(true).withStreaming(false).withPersistentId("accounts"));
        KafkaSink.write(balances, "accounts-view", KafkaWriteOptions.of(broker.bootstrapServers()).withUpsert(true)
                .withKeyColumns("account"));
        Tideway.run(RunConfig.defaults().withHandleSignals(false)
                .withPersistence(PersistenceConfig.of(Backend.filesystem(work.resolve("state")))));
    }

    private void runCopy() throws Exception {
        var letters = KafkaSource.read("letters", Rows_Word_.SCHEMA, KafkaReadOptions.of(broker.bootstrapServers())
                .withFormat(KafkaFormat.CSV).withStreaming(false).withPersistentId("letters"));
        KafkaSink.write(letters, "letters-out", KafkaWriteOptions.of(broker.bootstrapServers()));
        Tideway.run(RunConfig.defaults().withHandleSignals(false)
                .withPersistence(PersistenceConfig.of(Backend.filesystem(work.resolve("state")))));
    }
}
