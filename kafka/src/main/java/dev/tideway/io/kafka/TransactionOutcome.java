package dev.tideway.io.kafka;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells whether a transaction that is no longer open committed: a {@code read_committed} consumer
 * sees its first record (committed) or skips past its offset (aborted). Asked after the producer's
 * {@code initTransactions}, which completes or aborts whatever the previous producer of the same
 * transactional id left, so the answer is final.
 */
final class TransactionOutcome {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionOutcome.class);

    private final Map<String, String> clientProperties;
    private final String bootstrapServers;
    private final Duration timeout;

    TransactionOutcome(String bootstrapServers, Map<String, String> clientProperties, Duration timeout) {
        this.bootstrapServers = bootstrapServers;
        this.clientProperties = clientProperties;
        this.timeout = timeout;
    }

    /**
     * Whether the record at {@code offset} of the partition is committed.
     *
     * @throws IOException when the partition cannot be read within the timeout
     */
    boolean committed(String topic, int partition, long offset) throws IOException {
        TopicPartition target = new TopicPartition(topic, partition);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties())) {
            consumer.assign(List.of(target));
            long earliest = consumer.beginningOffsets(List.of(target)).get(target);
            if (earliest > offset) {
                // retention deleted it: a transaction that old ended long ago, and a crash in the moment between
                // Tideway's metadata and the commit is far rarer than a restart after a graceful stop
                LOG.warn("the transaction whose first record was at {} offset {} is older than the partition's retention"
                        + " (it now starts at {}); taken as committed", target, offset, earliest);
                return true;
            }
            long end = consumer.endOffsets(List.of(target)).get(target);
            if (end <= offset) {
                throw new IOException("topic " + topic + ", partition " + partition + " ends at offset " + end + ", before the first"
                        + " record of the transaction the last commit prepared (offset " + offset + "): the topic was deleted and"
                        + " created again, or truncated, since that commit. Restore the topic, or start the pipeline afresh with a"
                        + " new state location.");
            }
            consumer.seek(target, offset);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200)).records(target)) {
                    return record.offset() == offset;
                }
                if (consumer.position(target) > offset) {
                    return false;   // read_committed skipped it: aborted
                }
            }
        }
        throw new IOException("cannot tell within " + timeout.toSeconds() + " s whether the transaction whose first record is at topic "
                + topic + ", partition " + partition + ", offset " + offset + " committed: the partition could not be read."
                + " Check that the brokers at " + bootstrapServers + " are up, then restart.");
    }

    private Properties properties() {
        Properties properties = new Properties();
        properties.putAll(clientProperties);
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return properties;
    }
}
