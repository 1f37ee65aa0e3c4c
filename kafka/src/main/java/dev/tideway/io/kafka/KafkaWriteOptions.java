package dev.tideway.io.kafka;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How a table's changes are written to a Kafka topic: the brokers and any producer property, the
 * record layout (changes with {@code time} and {@code diff}, or upsert), the key, and the delivery
 * guarantee. Immutable: each {@code with...} method returns a copy.
 *
 * <pre>{@code
 * KafkaWriteOptions options = KafkaWriteOptions.of("127.0.0.1:9092")
 *         .withKeyColumns("word")                 // key {"word":"apple"} instead of the row key
 *         .withProperty("compression.type", "lz4");
 * }</pre>
 */
public final class KafkaWriteOptions {
    /** How long a retriable failure of the transaction protocol (a broker away) is retried unless set. */
    public static final Duration DEFAULT_RETRY_FOR = Duration.ofMinutes(5);

    private String bootstrapServers;
    private Map<String, String> properties = Map.of();
    private boolean upsert;
    private List<String> keyColumns = List.of();
    private String timeField = "time";
    private String diffField = "diff";
    private boolean exactlyOnce = true;
    private String transactionalId;
    private Duration retryFor = DEFAULT_RETRY_FOR;

    private KafkaWriteOptions() {}

    /**
     * Writing to the brokers {@code bootstrapServers}: one record a change, keyed by the row's key,
     * exactly once (transactions committed with Tideway's commits).
     */
    public static KafkaWriteOptions of(String bootstrapServers) {
        KafkaWriteOptions options = new KafkaWriteOptions();
        options.bootstrapServers = KafkaReadOptions.requireText(bootstrapServers, "bootstrapServers");
        return options;
    }

    /**
     * A Kafka producer property passed through as is (security, compression, batching). Refused:
     * the key and value serializers, and {@code transactional.id} (see {@link #withTransactionalId}).
     */
    public KafkaWriteOptions withProperty(String name, String value) {
        KafkaReadOptions.requireText(name, "name");
        Objects.requireNonNull(value, "value");
        if (name.equals("key.serializer") || name.equals("value.serializer") || name.equals("transactional.id")) {
            throw new IllegalArgumentException("the Kafka sink sets " + name + " itself"
                    + (name.equals("transactional.id") ? "; name it with withTransactionalId" : ""));
        }
        KafkaWriteOptions copy = copy();
        Map<String, String> next = new LinkedHashMap<>(properties);
        next.put(name, value);
        copy.properties = Collections.unmodifiableMap(next);
        return copy;
    }

    /**
     * Upsert: the value is the row's JSON (without time and diff), a deletion is a tombstone (a null
     * value), and within one logical time a key gets one record, its last state. Otherwise (the
     * default) one record a change, with the row's fields, {@code time} and {@code diff}.
     */
    public KafkaWriteOptions withUpsert(boolean newUpsert) {
        KafkaWriteOptions copy = copy();
        copy.upsert = newUpsert;
        return copy;
    }

    /**
     * Keys each record by these columns, as a JSON object of them ({@code {"word":"apple"}}); by
     * default the key is the row's key, 16 hexadecimal digits. Rows with equal keys go to the same
     * partition, in order.
     */
    public KafkaWriteOptions withKeyColumns(String... columns) {
        KafkaWriteOptions copy = copy();
        copy.keyColumns = List.of(columns);
        copy.keyColumns.forEach(column -> KafkaReadOptions.requireText(column, "column"));
        return copy;
    }

    /** The names of the time and diff fields of each change; {@code time} and {@code diff} unless set. */
    public KafkaWriteOptions withChangeFields(String time, String diff) {
        KafkaWriteOptions copy = copy();
        copy.timeField = KafkaReadOptions.requireText(time, "time");
        copy.diffField = KafkaReadOptions.requireText(diff, "diff");
        if (time.equals(diff)) {
            throw new IllegalArgumentException("the time and diff fields need two names, not " + time + " twice");
        }
        return copy;
    }

    /**
     * {@code true} (the default): exactly once, through a transactional producer whose transaction
     * commits as part of Tideway's commit; read the topic with {@code isolation.level=read_committed}.
     * {@code false}: at least once, an idempotent producer without transactions, flushed at each
     * commit (after a crash the batch computed again is written again).
     */
    public KafkaWriteOptions withExactlyOnce(boolean newExactlyOnce) {
        KafkaWriteOptions copy = copy();
        copy.exactlyOnce = newExactlyOnce;
        return copy;
    }

    /**
     * The producer's {@code transactional.id}, stable across runs: a restart uses it to fence the
     * crashed run's producer and abort its open transaction. {@code tideway-<topic>} unless set; two
     * pipelines writing one topic must each set their own.
     */
    public KafkaWriteOptions withTransactionalId(String id) {
        KafkaWriteOptions copy = copy();
        copy.transactionalId = KafkaReadOptions.requireText(id, "id");
        return copy;
    }

    /** How long retriable failures of the transaction protocol (a broker restarting) are retried; 5 minutes unless set. */
    public KafkaWriteOptions withRetryFor(Duration duration) {
        KafkaWriteOptions copy = copy();
        copy.retryFor = KafkaReadOptions.requirePositive(duration, "retry duration");
        return copy;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public Map<String, String> properties() {
        return properties;
    }

    public boolean upsert() {
        return upsert;
    }

    public List<String> keyColumns() {
        return keyColumns;
    }

    public String timeField() {
        return timeField;
    }

    public String diffField() {
        return diffField;
    }

    public boolean exactlyOnce() {
        return exactlyOnce;
    }

    public Optional<String> transactionalId() {
        return Optional.ofNullable(transactionalId);
    }

    public Duration retryFor() {
        return retryFor;
    }

    @Override
    public String toString() {
        return "KafkaWriteOptions[" + bootstrapServers + (upsert ? ", upsert" : ", changes") + (exactlyOnce ? ", exactly once" : ", at least once")
                + ", properties " + properties.keySet() + "]";
    }

    private KafkaWriteOptions copy() {
        KafkaWriteOptions copy = new KafkaWriteOptions();
        copy.bootstrapServers = bootstrapServers;
        copy.properties = properties;
        copy.upsert = upsert;
        copy.keyColumns = keyColumns;
        copy.timeField = timeField;
        copy.diffField = diffField;
        copy.exactlyOnce = exactlyOnce;
        copy.transactionalId = transactionalId;
        copy.retryFor = retryFor;
        return copy;
    }
}
