package dev.tideway.io.kafka;

import dev.tideway.Table;
import dev.tideway.spi.Connectors;
import java.util.Objects;

/**
 * Writes a table's changes to a Kafka topic, one record a change.
 *
 * <pre>{@code
 * KafkaSink.write(counts, "word-counts", KafkaWriteOptions.of("127.0.0.1:9092"));
 * // key 3f2a...(the row key), value {"word":"apple","count":2,"time":1732,"diff":1}
 * KafkaSink.write(balances, "balances", KafkaWriteOptions.of("127.0.0.1:9092").withUpsert(true).withKeyColumns("account"));
 * // key {"account":"A-7"}, value {"account":"A-7","amount":55}, or a tombstone when the row is deleted
 * }</pre>
 *
 * <p><b>Exactly once</b> (the default): a transactional producer whose transaction commits as part
 * of Tideway's commit, in two phases as Flink's {@code TwoPhaseCommitSinkFunction}: the batch's
 * records are sent in a transaction and flushed, what finishes that transaction (its records and
 * where the first landed) is kept in Tideway's state, the metadata naming it is written, and only
 * then is the transaction committed. After a crash, a restart fences the crashed producer (its open
 * transaction is aborted), writes the named transaction again if it was aborted, and rewrites
 * nothing that was committed: a consumer with {@code isolation.level=read_committed} sees every
 * change exactly once, even after SIGKILL. Without persistence each batch's transaction commits at
 * the end of the batch. <b>At least once</b> ({@link KafkaWriteOptions#withExactlyOnce}
 * {@code (false)}): an idempotent producer flushed at every commit, no transactions.
 *
 * <p>Records are kept in memory from the batch's computation to its commit (the transaction is
 * open only during the commit). A topic cannot be cut back: when a changed pipeline makes Tideway
 * rewrite its outputs, the new results are appended after the old ones (consumers should start
 * from the new records); the run says so in its log. The topic must exist.
 */
public final class KafkaSink {
    private KafkaSink() {}

    /** Sends the changes of {@code table} to {@code topic} when the pipeline runs. */
    public static <T> void write(Table<T> table, String topic, KafkaWriteOptions options) {
        Objects.requireNonNull(table, "table");
        KafkaReadOptions.requireText(topic, "topic");
        Objects.requireNonNull(options, "options");
        Connectors.sink(table, new KafkaSinkConnector<>(topic, options));
    }
}
