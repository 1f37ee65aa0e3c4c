package dev.tideway.io.kafka;

import dev.tideway.Table;
import dev.tideway.spi.Connectors;
import dev.tideway.schema.RowSchema;
import java.util.List;
import java.util.Objects;

/**
 * Kafka topics as tables. The source assigns itself every partition of its topics (no consumer
 * group, no rebalancing inside a run) and the next offset of every partition is its position
 * <em>in Tideway's commit</em>: committed with the rows read before it, in the write-ahead log and
 * the snapshots, and sought to when a persisted run restarts. So with persistence every record is
 * read into the state exactly once, whatever the crash; Kafka's own group offsets are at most
 * written for monitoring ({@link KafkaReadOptions#withMonitoringGroup}). This is Pathway's model of
 * a re-readable source.
 *
 * <pre>{@code
 * Table<Word> words = KafkaSource.read("words", Word_.SCHEMA,
 *         KafkaReadOptions.of("127.0.0.1:9092").withFormat(KafkaFormat.CSV).withPersistentId("words"));
 * Table<Balance> balances = KafkaSource.read("balances", Balance_.SCHEMA,
 *         KafkaReadOptions.of("127.0.0.1:9092").withUpsert(true));   // key = row key, null value = delete
 * }</pre>
 *
 * <ul>
 *   <li><b>Rows.</b> Each record's value is decoded as JSON or CSV ({@link KafkaFormat}); its topic,
 *       partition, offset, timestamp and key can fill columns ({@link KafkaMetadata}). In append mode
 *       each record inserts a row (the source keeps the rows it read, as distinct rows with counts,
 *       so that a changed pipeline can be rebuilt); in upsert mode a record replaces the row of its
 *       key and a tombstone deletes it.</li>
 *   <li><b>Partitions.</b> Partitions it never read are read from their earliest offset; partitions
 *       added to a topic while streaming are picked up (every
 *       {@link KafkaReadOptions#withPartitionDiscovery} interval). A partition that disappears, or
 *       that no longer holds the offset to continue from (retention deleted the records first), is
 *       an {@link dev.tideway.InputException} naming topic, partition and offsets,
 *       unless {@link OffsetReset#EARLIEST} is set (a logged reset).</li>
 *   <li><b>Bad records</b> (not JSON, a missing field, a wrong type, no key in upsert mode) follow
 *       the bad-row policy: STOP (the default; the batch is not committed) or SKIP, reported with
 *       topic, partition and offset.</li>
 *   <li><b>Streaming or static.</b> Streaming (the default) polls until the run stops, each poll a
 *       batch of up to {@link KafkaReadOptions#withMaxBatchRecords} records; static reads every
 *       partition up to its end offset at start, in one batch, and finishes. A broker that is away
 *       is waited for: the Kafka client retries with backoff and logs.</li>
 *   <li>{@code isolation.level} is {@code read_committed} unless set, so the committed output of a
 *       transactional producer (such as {@link KafkaSink}) is read exactly once.</li>
 * </ul>
 *
 * <p>The connector runs on the run's thread; it is not shared between runs.
 */
public final class KafkaSource {
    private KafkaSource() {}

    /** Reads one topic. */
    public static <T> Table<T> read(String topic, RowSchema<T> schema, KafkaReadOptions options) {
        return read(List.of(topic), schema, options);
    }

    /**
     * Reads several topics into one table (records of the same schema).
     *
     * @throws IllegalArgumentException for no topics, a blank topic, or metadata columns the schema cannot hold
     */
    public static <T> Table<T> read(List<String> topics, RowSchema<T> schema, KafkaReadOptions options) {
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(options, "options");
        if (topics.isEmpty()) {
            throw new IllegalArgumentException("name at least one topic to read");
        }
        topics.forEach(topic -> KafkaReadOptions.requireText(topic, "topic"));
        return Connectors.source(new KafkaSourceConnector<>(topics, schema, options), options.persistentId().orElse(null));
    }
}
