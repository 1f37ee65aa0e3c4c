package dev.tideway.io.kafka;

import dev.tideway.DuplicateKeyPolicy;
import dev.tideway.spi.InputConnector;
import dev.tideway.InputException;
import dev.tideway.spi.KnownUnits;
import dev.tideway.spi.UnitChanges;
import dev.tideway.schema.RowSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The input connector of {@link KafkaSource}: assigns itself every partition of its topics (no
 * consumer group, no rebalancing), seeks each to the offset that Tideway's last commit recorded
 * (the earliest offset for a partition it never read), reads records into rows or keyed changes,
 * and reports the next offset of every partition after them, so that they are committed together.
 *
 * @param <T> the row type
 */
final class KafkaSourceConnector<T> implements InputConnector<T> {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaSourceConnector.class);
    private static final Duration FETCH_WAIT = Duration.ofMillis(20);
    private static final Duration STATIC_FETCH_WAIT = Duration.ofMillis(200);

    private final List<String> topics;
    private final RowSchema<T> schema;
    private final KafkaReadOptions options;
    private final BadRecords badRecords;
    private final RecordDecoder<T> decoder;
    private KafkaConsumer<byte[], byte[]> consumer;
    /** The next offset to read of every partition assigned. */
    private final SortedMap<TopicPartition, Long> next = new TreeMap<>(PartitionOffsets.ORDER);
    private byte[] reported;
    private long lastDiscovery;

    KafkaSourceConnector(List<String> topics, RowSchema<T> schema, KafkaReadOptions options) {
        this.topics = List.copyOf(topics);
        this.schema = schema;
        this.options = options;
        this.badRecords = new BadRecords(options.badRows(), options.skippedCounter(), options.badRecordConsumer());
        this.decoder = new RecordDecoder<>(schema, options, badRecords);
    }

    @Override
    public RowSchema<T> schema() {
        return schema;
    }

    /** {@code kafka:<topics>}: the brokers' addresses are not part of it, so moving the cluster's address keeps the source. */
    @Override
    public String location() {
        return "kafka:" + String.join(",", topics);
    }

    @Override
    public String kind() {
        return "kafka";
    }

    @Override
    public DuplicateKeyPolicy duplicateKeys() {
        return options.duplicateKeys();
    }

    @Override
    public boolean streaming() {
        return options.streaming();
    }

    @Override
    public Duration pollInterval() {
        return options.pollInterval();
    }

    @Override
    public void poll(KnownUnits known, UnitChanges<T> changes) {
        if (consumer == null) {
            start(known.offsets());
        } else if (System.currentTimeMillis() - lastDiscovery >= options.partitionDiscovery().toMillis()) {
            discoverPartitions();
        }
        if (options.streaming()) {
            readAvailable(changes);
        } else {
            readToEnd(changes);
        }
        byte[] offsets = PartitionOffsets.encode(next);
        if (!java.util.Arrays.equals(offsets, reported)) {
            changes.offsets(offsets);
            reported = offsets;
        }
    }

    /** The bad records this source skipped (the bad-row policy SKIP), for metrics. */
    @Override
    public long skippedRows() {
        return badRecords.skipped();
    }

    @Override
    public void committed(byte[] offsets) {
        if (consumer == null || offsets == null || options.monitoringGroup().isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> group = new HashMap<>();
        PartitionOffsets.decode(offsets).forEach((partition, offset) -> group.put(partition, new OffsetAndMetadata(offset)));
        consumer.commitAsync(group, (done, error) -> {
            if (error != null) {
                LOG.debug("cannot commit the offsets of {} for monitoring: {}", location(), error.toString());
            }
        });
    }

    @Override
    public void close() {
        if (consumer != null) {
            consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
            consumer = null;
        }
    }

    // ---- start: seek every partition to its committed offset ----

    private void start(byte[] committedBytes) {
        SortedMap<TopicPartition, Long> committed = PartitionOffsets.decode(committedBytes);
        consumer = new KafkaConsumer<>(consumerProperties());
        List<TopicPartition> partitions = currentPartitions(true);
        for (TopicPartition partition : committed.keySet()) {
            if (topics.contains(partition.topic()) && !partitions.contains(partition)) {
                throw vanished(partition, committed.get(partition));
            }
        }
        assign(partitions, committed);
        lastDiscovery = System.currentTimeMillis();
    }

    /** Assigns {@code added} on top of what is assigned, each at its committed offset or the earliest one. */
    private void assign(Collection<TopicPartition> added, Map<TopicPartition, Long> committed) {
        if (added.isEmpty()) {
            return;
        }
        List<TopicPartition> all = new ArrayList<>(next.keySet());
        all.addAll(added);
        consumer.assign(all);
        Map<TopicPartition, Long> earliest = consumer.beginningOffsets(added);
        Map<TopicPartition, Long> latest = consumer.endOffsets(added);
        for (TopicPartition partition : added) {
            Long offset = committed.get(partition);
            long first = earliest.get(partition);
            long end = latest.get(partition);
            long start;
            if (offset == null) {
                start = first;
            } else if (offset < first) {
                start = reset(partition, offset, "its earliest offset is now " + first + ": the records from " + offset + " to " + (first - 1)
                        + " were deleted (by retention, or deleteRecords) before this source read them", first);
            } else if (offset > end) {
                start = reset(partition, offset, "its end offset is " + end + ": the topic was deleted and created again, or"
                        + " truncated, since this source read it", first);
            } else {
                start = offset;
            }
            consumer.seek(partition, start);
            next.put(partition, start);
        }
    }

    private long reset(TopicPartition partition, long committed, String why, long earliest) {
        String what = "topic " + partition.topic() + ", partition " + partition.partition() + ": the committed offset is " + committed
                + ", but " + why;
        if (options.offsetReset() == OffsetReset.FAIL) {
            throw new InputException(what + ". Nothing was read from it. To read on from the earliest offset and lose what is"
                    + " gone, read with KafkaReadOptions.withOffsetReset(OffsetReset.EARLIEST).");
        }
        LOG.warn("{}; reading on from the earliest offset, {} (offset reset EARLIEST)", what, earliest);
        return earliest;
    }

    private InputException vanished(TopicPartition partition, Long offset) {
        return new InputException("topic " + partition.topic() + ", partition " + partition.partition() + " no longer exists"
                + (offset == null ? "" : " (this source read it up to offset " + offset + ")")
                + ": the topic was deleted, or created again with fewer partitions. Restore the topic, or read it under a"
                + " new persistent id to start afresh.");
    }

    /** Picks up partitions added to the topics; a partition that disappeared is an error. */
    private void discoverPartitions() {
        lastDiscovery = System.currentTimeMillis();
        List<TopicPartition> partitions;
        try {
            partitions = currentPartitions(false);
        } catch (RetriableException e) {
            LOG.warn("cannot list the partitions of {} ({}); retrying at the next discovery", location(), e.toString());
            return;
        }
        if (partitions.isEmpty()) {
            return;   // the metadata request failed or the broker is away: keep what is assigned
        }
        for (TopicPartition partition : next.keySet()) {
            if (!partitions.contains(partition)) {
                throw vanished(partition, next.get(partition));
            }
        }
        List<TopicPartition> added = partitions.stream().filter(partition -> !next.containsKey(partition)).toList();
        if (!added.isEmpty()) {
            LOG.info("source {}: new partition(s) {}, read from their earliest offsets", location(), added);
            assign(added, Map.of());
        }
    }

    private List<TopicPartition> currentPartitions(boolean required) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic);
            if (infos == null || infos.isEmpty()) {
                if (required) {
                    throw new InputException("topic " + topic + " does not exist at " + options.bootstrapServers()
                            + "; create it, or check the topic's name and the bootstrap servers");
                }
                return List.of();
            }
            for (PartitionInfo info : infos) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
        }
        partitions.sort(PartitionOffsets.ORDER);
        return partitions;
    }

    // ---- reading ----

    /**
     * Streaming: what the brokers have now, up to the batch limit, for at most a poll interval (a
     * steady stream never runs dry, and the batch must end for its records to be committed).
     */
    private void readAvailable(UnitChanges<T> changes) {
        int read = 0;
        long deadline = System.nanoTime() + Math.max(FETCH_WAIT.toNanos(), options.pollInterval().toNanos());
        while (read < options.maxBatchRecords() && System.nanoTime() < deadline) {
            int got = pollOnce(changes, FETCH_WAIT);
            if (got == 0) {
                break;
            }
            read += got;
        }
    }

    /** Static: every partition up to the end offset it has now, in this one poll. */
    private void readToEnd(UnitChanges<T> changes) {
        Map<TopicPartition, Long> end = consumer.endOffsets(next.keySet());
        TreeSet<TopicPartition> pending = new TreeSet<>(PartitionOffsets.ORDER);
        pending.addAll(next.keySet());
        long lastProgress = System.currentTimeMillis();
        while (!pending.isEmpty()) {
            pending.removeIf(partition -> consumer.position(partition) >= end.get(partition));
            for (TopicPartition partition : next.keySet()) {
                if (!pending.contains(partition)) {
                    consumer.pause(List.of(partition));
                }
            }
            if (pending.isEmpty()) {
                break;
            }
            if (pollOnce(changes, STATIC_FETCH_WAIT) > 0) {
                lastProgress = System.currentTimeMillis();
            } else if (System.currentTimeMillis() - lastProgress > 30_000) {
                LOG.warn("source {}: no records for 30 s while reading up to the end offsets {}; still waiting (is the broker up?)",
                        location(), end);
                lastProgress = System.currentTimeMillis();
            }
        }
        consumer.resume(consumer.paused());
        for (TopicPartition partition : next.keySet()) {
            next.put(partition, consumer.position(partition));
        }
    }

    private int pollOnce(UnitChanges<T> changes, Duration wait) {
        ConsumerRecords<byte[], byte[]> records;
        try {
            records = consumer.poll(wait);
        } catch (OffsetOutOfRangeException e) {
            for (Map.Entry<TopicPartition, Long> lost : e.offsetOutOfRangePartitions().entrySet()) {
                TopicPartition partition = lost.getKey();
                long earliest = consumer.beginningOffsets(List.of(partition)).get(partition);
                long start = reset(partition, lost.getValue(), "the partition no longer holds it (its earliest offset is " + earliest
                        + "): the records were deleted by retention before this source read them", earliest);
                consumer.seek(partition, start);
                next.put(partition, start);
            }
            return 0;
        }
        long bytes = 0;
        for (ConsumerRecord<byte[], byte[]> record : records) {
            bytes += Math.max(0, record.serializedKeySize()) + Math.max(0, record.serializedValueSize());
            apply(record, changes);
        }
        changes.read(bytes);
        for (TopicPartition partition : records.partitions()) {
            next.put(partition, consumer.position(partition));
        }
        return records.count();
    }

    private void apply(ConsumerRecord<byte[], byte[]> record, UnitChanges<T> changes) {
        if (!options.upsert()) {
            T row = decoder.decode(record);
            if (row != null) {
                changes.event(row, 1);
            }
            return;
        }
        if (record.key() == null) {
            badRecords.handle(new BadKafkaRecord(
                    record.topic(), record.partition(), record.offset(), null, null,
                    "a record without key, which upsert mode cannot place: give every record a key"));
            return;
        }
        if (record.value() == null) {
            changes.upsert(record.key(), null);
            return;
        }
        T row = decoder.decode(record);
        if (row != null) {
            changes.upsert(record.key(), row);
        }
    }

    private Properties consumerProperties() {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.putAll(options.properties());
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers());
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // every partition is sought explicitly; an offset gone mid-run is reported, not silently reset
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        options.monitoringGroup().ifPresent(group -> properties.put(ConsumerConfig.GROUP_ID_CONFIG, group));
        // partitionsFor answers from the client's metadata, refreshed this often: new partitions are seen in time
        properties.putIfAbsent(ConsumerConfig.METADATA_MAX_AGE_CONFIG, Long.toString(options.partitionDiscovery().toMillis()));
        properties.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "tideway-source-" + String.join("-", topics));
        return properties;
    }
}
