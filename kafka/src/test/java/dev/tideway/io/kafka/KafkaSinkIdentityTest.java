package dev.tideway.io.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * What persistence and operator identity know of a Kafka sink, without a broker: its position and
 * prepared transactions are kept under its topic (and transactional id), never its brokers'
 * addresses; its definition changes with its record layout and nothing else.
 */
class KafkaSinkIdentityTest {
    private static KafkaSinkConnector<Object> sink(String topic, KafkaWriteOptions options) {
        return new KafkaSinkConnector<>(topic, options);
    }

    @Test
    void thePositionIsKeptUnderTheTopicAndTheTransactionalIdNotTheBrokers() {
        assertThat(sink("orders", KafkaWriteOptions.of("a:9092")).persistentName()).isEqualTo("kafka:orders");
        assertThat(sink("orders", KafkaWriteOptions.of("b:9092,c:9092")).persistentName()).isEqualTo("kafka:orders");
        assertThat(sink("orders", KafkaWriteOptions.of("a:9092").withTransactionalId("writer-1")).persistentName())
                .isEqualTo("kafka:orders#writer-1");
        assertThat(sink("orders", KafkaWriteOptions.of("a:9092")).exclusive()).isTrue();
    }

    @Test
    void theDefinitionIsTheCanonicalRecordLayout() {
        KafkaWriteOptions changes = KafkaWriteOptions.of("a:9092");
        assertThat(sink("orders", changes).definition())
                .isEqualTo("kafka{output=\"kafka:orders\";layout=changes;time=\"time\";diff=\"diff\";keys=[]}");
        assertThat(sink("orders", changes.withUpsert(true).withKeyColumns("id", "shop")).definition())
                .isEqualTo("kafka{output=\"kafka:orders\";layout=upserts;keys=[\"id\",\"shop\"]}");
        assertThat(sink("orders", changes.withChangeFields("at", "sign")).definition()).isNotEqualTo(sink("orders", changes).definition());
        assertThat(sink("orders", KafkaWriteOptions.of("elsewhere:9092").withProperty("compression.type", "zstd")).definition())
                .as("the brokers and the producer's tuning are not part of it").isEqualTo(sink("orders", changes).definition());
    }
}
