package dev.tideway.io.kafka;

import dev.tideway.DuplicateKeyPolicy;
import dev.tideway.io.file.BadRowPolicy;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * How a Kafka topic is read: the brokers and any client property (security, timeouts), the value
 * format, append or upsert, metadata columns, streaming or static, and what to do with bad records
 * and lost offsets. Immutable: each {@code with...} method returns a copy.
 *
 * <pre>{@code
 * KafkaReadOptions options = KafkaReadOptions.of("broker-1:9092,broker-2:9092")
 *         .withProperty("security.protocol", "SASL_SSL")
 *         .withFormat(KafkaFormat.JSON)
 *         .withMetadataColumn(KafkaMetadata.PARTITION, "partition")
 *         .withBadRows(BadRowPolicy.SKIP);
 * }</pre>
 *
 * <p>The count of skipped records is shared by an options object and every copy made from it.
 */
public final class KafkaReadOptions {
    /** The poll interval of a streaming source unless set. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(100);
    /** How often a streaming source looks for new partitions unless set. */
    public static final Duration DEFAULT_PARTITION_DISCOVERY = Duration.ofSeconds(5);
    /** The most records one batch takes unless set. */
    public static final int DEFAULT_MAX_BATCH_RECORDS = 200_000;

    private String bootstrapServers;
    private Map<String, String> properties = Map.of();
    private KafkaFormat format = KafkaFormat.JSON;
    private char csvDelimiter = ',';
    private boolean upsert;
    private DuplicateKeyPolicy duplicateKeys = DuplicateKeyPolicy.REJECT;
    private Map<KafkaMetadata, String> metadataColumns = Map.of();
    private boolean streaming = true;
    private Duration pollInterval = DEFAULT_POLL_INTERVAL;
    private Duration partitionDiscovery = DEFAULT_PARTITION_DISCOVERY;
    private int maxBatchRecords = DEFAULT_MAX_BATCH_RECORDS;
    private String persistentId;
    private BadRowPolicy badRows = BadRowPolicy.STOP;
    private Consumer<? super BadKafkaRecord> badRecordConsumer;
    private AtomicLong skipped = new AtomicLong();
    private OffsetReset offsetReset = OffsetReset.FAIL;
    private String monitoringGroup;

    private KafkaReadOptions() {}

    /**
     * Reading from the brokers {@code bootstrapServers} ({@code host:port[,host:port...]}): JSON
     * values, append mode, streaming (polled every 100 ms), stop on the first bad record, fail on
     * lost offsets, no group offsets committed.
     */
    public static KafkaReadOptions of(String bootstrapServers) {
        KafkaReadOptions options = new KafkaReadOptions();
        options.bootstrapServers = requireText(bootstrapServers, "bootstrapServers");
        return options;
    }

    /**
     * A Kafka consumer property passed through as is (security, SASL, timeouts, fetch sizes);
     * {@code isolation.level} is {@code read_committed} unless set here. Properties the source must
     * own are refused: {@code enable.auto.commit} (offsets are Tideway's), key and value
     * deserializers, and {@code group.id} (see {@link #withMonitoringGroup}).
     *
     * @throws IllegalArgumentException for a property the source owns
     */
    public KafkaReadOptions withProperty(String name, String value) {
        requireText(name, "name");
        Objects.requireNonNull(value, "value");
        if (name.equals("enable.auto.commit") || name.equals("key.deserializer") || name.equals("value.deserializer")
                || name.equals("group.id")) {
            throw new IllegalArgumentException("the Kafka source sets " + name + " itself"
                    + (name.equals("group.id") ? "; name a group for monitoring with withMonitoringGroup" : ""));
        }
        KafkaReadOptions copy = copy();
        Map<String, String> next = new LinkedHashMap<>(properties);
        next.put(name, value);
        copy.properties = Collections.unmodifiableMap(next);
        return copy;
    }

    /** How record values are decoded; {@link KafkaFormat#JSON} unless set. */
    public KafkaReadOptions withFormat(KafkaFormat newFormat) {
        KafkaReadOptions copy = copy();
        copy.format = Objects.requireNonNull(newFormat, "format");
        return copy;
    }

    /** The CSV delimiter of {@link KafkaFormat#CSV} values; a comma unless set. */
    public KafkaReadOptions withCsvDelimiter(char delimiter) {
        KafkaReadOptions copy = copy();
        copy.csvDelimiter = delimiter;
        return copy;
    }

    /**
     * Upsert mode: a record replaces the row of its key, and a record with a null value (a
     * tombstone) deletes it — Pathway's upsert session. The row's key in the table is the record's
     * key, or the row's {@code @PrimaryKey} when the schema has one (see {@link #withDuplicateKeys}
     * for records whose keys disagree). A record without a key is a bad record. Append mode (the
     * default): every record inserts a row.
     */
    public KafkaReadOptions withUpsert(boolean newUpsert) {
        KafkaReadOptions copy = copy();
        copy.upsert = newUpsert;
        return copy;
    }

    /**
     * What to do with a row whose {@code @PrimaryKey} another row of the source holds (rows without a
     * primary key have no duplicates): {@link DuplicateKeyPolicy#REJECT} (the default) stops the run
     * with an {@link dev.tideway.InputException} naming the source and the key (the
     * batch is not committed); {@link DuplicateKeyPolicy#UPSERT} lets the later row replace the
     * earlier. In append mode this applies to every record; in upsert mode a record always replaces
     * the row of its own message key, and the policy decides only when its row takes the primary key
     * of another message key's row.
     */
    public KafkaReadOptions withDuplicateKeys(DuplicateKeyPolicy policy) {
        KafkaReadOptions copy = copy();
        copy.duplicateKeys = Objects.requireNonNull(policy, "policy");
        return copy;
    }

    /**
     * Fills the schema's field of external name {@code field} with the record's metadata instead of
     * reading it from the value (CSV values then have one cell fewer). The field's type must fit:
     * {@code int} or {@code long} for partition and offset, {@code long} or {@code Instant} for the
     * timestamp, a string for topic and key (a nullable one for the key). Checked when the run starts.
     */
    public KafkaReadOptions withMetadataColumn(KafkaMetadata metadata, String field) {
        Objects.requireNonNull(metadata, "metadata");
        requireText(field, "field");
        KafkaReadOptions copy = copy();
        Map<KafkaMetadata, String> next = new EnumMap<>(KafkaMetadata.class);
        next.putAll(metadataColumns);
        next.put(metadata, field);
        copy.metadataColumns = Collections.unmodifiableMap(next);
        return copy;
    }

    /**
     * {@code true} (the default): poll the topics until the run stops, picking up new partitions;
     * {@code false}: read every partition up to its end offset when the run starts, then finish.
     */
    public KafkaReadOptions withStreaming(boolean newStreaming) {
        KafkaReadOptions copy = copy();
        copy.streaming = newStreaming;
        return copy;
    }

    /** The time between two polls of a streaming source; 100 ms unless set. */
    public KafkaReadOptions withPollInterval(Duration interval) {
        KafkaReadOptions copy = copy();
        copy.pollInterval = requirePositive(interval, "poll interval");
        return copy;
    }

    /** How often a streaming source looks for partitions added to its topics; 5 s unless set. */
    public KafkaReadOptions withPartitionDiscovery(Duration interval) {
        KafkaReadOptions copy = copy();
        copy.partitionDiscovery = requirePositive(interval, "partition discovery interval");
        return copy;
    }

    /** The most records one batch (one poll, one commit) takes; 200,000 unless set. */
    public KafkaReadOptions withMaxBatchRecords(int records) {
        if (records < 1) {
            throw new IllegalArgumentException("a batch takes at least one record, not " + records);
        }
        KafkaReadOptions copy = copy();
        copy.maxBatchRecords = records;
        return copy;
    }

    /** The id under which the source is persisted, so that a later run continues it. */
    public KafkaReadOptions withPersistentId(String id) {
        KafkaReadOptions copy = copy();
        copy.persistentId = requireText(id, "id");
        return copy;
    }

    /** What to do with a record that cannot be read; {@link BadRowPolicy#STOP} unless set. */
    public KafkaReadOptions withBadRows(BadRowPolicy policy) {
        KafkaReadOptions copy = copy();
        copy.badRows = Objects.requireNonNull(policy, "policy");
        return copy;
    }

    /** Also hands every skipped record to {@code consumer}, on the run's thread. Only under {@link BadRowPolicy#SKIP}. */
    public KafkaReadOptions withBadRecordConsumer(Consumer<? super BadKafkaRecord> consumer) {
        KafkaReadOptions copy = copy();
        copy.badRecordConsumer = Objects.requireNonNull(consumer, "consumer");
        return copy;
    }

    /** What to do when a partition no longer holds the offset to continue from; {@link OffsetReset#FAIL} unless set. */
    public KafkaReadOptions withOffsetReset(OffsetReset reset) {
        KafkaReadOptions copy = copy();
        copy.offsetReset = Objects.requireNonNull(reset, "reset");
        return copy;
    }

    /**
     * After each Tideway commit, also commits the source's offsets as the consumer group
     * {@code groupId}'s, so that the usual tools show the lag. Only for monitoring: the source
     * never reads them back (its position is Tideway's commit) and joins no group.
     */
    public KafkaReadOptions withMonitoringGroup(String groupId) {
        KafkaReadOptions copy = copy();
        copy.monitoringGroup = requireText(groupId, "groupId");
        return copy;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The client properties passed through, in the order set. */
    public Map<String, String> properties() {
        return properties;
    }

    public KafkaFormat format() {
        return format;
    }

    public char csvDelimiter() {
        return csvDelimiter;
    }

    public boolean upsert() {
        return upsert;
    }

    public DuplicateKeyPolicy duplicateKeys() {
        return duplicateKeys;
    }

    public Map<KafkaMetadata, String> metadataColumns() {
        return metadataColumns;
    }

    public boolean streaming() {
        return streaming;
    }

    public Duration pollInterval() {
        return pollInterval;
    }

    public Duration partitionDiscovery() {
        return partitionDiscovery;
    }

    public int maxBatchRecords() {
        return maxBatchRecords;
    }

    public Optional<String> persistentId() {
        return Optional.ofNullable(persistentId);
    }

    public BadRowPolicy badRows() {
        return badRows;
    }

    Consumer<? super BadKafkaRecord> badRecordConsumer() {
        return badRecordConsumer;
    }

    AtomicLong skippedCounter() {
        return skipped;
    }

    /** How many bad records the sources read with these options (or copies of them) have skipped. */
    public long skippedRecords() {
        return skipped.get();
    }

    public OffsetReset offsetReset() {
        return offsetReset;
    }

    public Optional<String> monitoringGroup() {
        return Optional.ofNullable(monitoringGroup);
    }

    @Override
    public String toString() {
        // the properties may hold credentials: only their names
        return "KafkaReadOptions[" + bootstrapServers + ", " + format + (upsert ? ", upsert" : ", append") + ", duplicate keys "
                + duplicateKeys + (streaming ? ", streaming, poll every " + pollInterval.toMillis() + " ms" : ", static")
                + ", properties " + properties.keySet() + ", bad rows " + badRows + ", offset reset " + offsetReset + "]";
    }

    private KafkaReadOptions copy() {
        KafkaReadOptions copy = new KafkaReadOptions();
        copy.bootstrapServers = bootstrapServers;
        copy.properties = properties;
        copy.format = format;
        copy.csvDelimiter = csvDelimiter;
        copy.upsert = upsert;
        copy.duplicateKeys = duplicateKeys;
        copy.metadataColumns = metadataColumns;
        copy.streaming = streaming;
        copy.pollInterval = pollInterval;
        copy.partitionDiscovery = partitionDiscovery;
        copy.maxBatchRecords = maxBatchRecords;
        copy.persistentId = persistentId;
        copy.badRows = badRows;
        copy.badRecordConsumer = badRecordConsumer;
        copy.skipped = skipped;
        copy.offsetReset = offsetReset;
        copy.monitoringGroup = monitoringGroup;
        return copy;
    }

    static String requireText(String value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        return value;
    }

    static Duration requirePositive(Duration value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException("the " + what + " must be positive, not " + value);
        }
        return value;
    }
}
