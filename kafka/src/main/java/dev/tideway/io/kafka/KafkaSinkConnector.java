package dev.tideway.io.kafka;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.tideway.spi.ChangeBatch;
import dev.tideway.spi.DefinitionText;
import dev.tideway.spi.TransactionalOutputConnector;
import dev.tideway.schema.FieldDescriptor;
import dev.tideway.schema.RowSchema;
import dev.tideway.schema.ValueType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The output connector of {@link KafkaSink}. Changes are encoded as they arrive and kept until the
 * commit; exactly once, the commit's first phase sends them in a transaction and flushes it
 * (durable on the brokers, not visible), {@link #prepared()} hands Tideway the records and where
 * the first landed, and {@link #commitPrepared()} commits the transaction once Tideway's metadata
 * names it. Recovery fences the crashed run's producer ({@code initTransactions} with the same
 * transactional id aborts its open transaction) and writes the named transaction again only if it
 * was aborted. The transaction is open only from the commit's first phase to its second.
 *
 * @param <T> the row type
 */
final class KafkaSinkConnector<T> implements TransactionalOutputConnector<T> {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaSinkConnector.class);
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final String topic;
    private final KafkaWriteOptions options;
    private final List<PreparedRecords.Message> pending = new ArrayList<>();
    private final ByteArrayOutputStream encoded = new ByteArrayOutputStream(256);
    private KafkaProducer<byte[], byte[]> producer;
    private long position;
    private PreparedRecords prepared;
    private boolean inTransaction;
    private int[] keyFields;

    KafkaSinkConnector(String topic, KafkaWriteOptions options) {
        this.topic = topic;
        this.options = options;
    }

    /** {@code kafka:<topic>}: the brokers' addresses are not part of it, so moving the cluster's address keeps the sink. */
    @Override
    public String name() {
        return "kafka:" + topic;
    }

    /**
     * The name under which persistence keeps the sink's committed position and its prepared
     * transactions: {@code kafka:<topic>}, or {@code kafka:<topic>#<transactional id>} when one was
     * given ({@link KafkaWriteOptions#withTransactionalId}), as the producer that fences a crashed
     * run's transaction by that id is the one that can finish it. The brokers' addresses are not part
     * of it, so a project or a cluster that moves keeps its output's position.
     */
    @Override
    public String persistentName() {
        return name() + options.transactionalId().map(id -> "#" + id).orElse("");
    }

    /**
     * The record layout as canonical text, for the pipeline's identity: the persistent name, changes
     * (with their time and diff fields) or upserts, and the key columns. A sink whose layout changed
     * between runs is written again from the start (the topic then holds both layouts, the new one
     * after the old).
     */
    @Override
    public String definition() {
        return "kafka{output=" + DefinitionText.quote(persistentName()) + ";layout=" + (options.upsert() ? "upserts"
                : "changes;time=" + DefinitionText.quote(options.timeField()) + ";diff=" + DefinitionText.quote(options.diffField()))
                + ";keys=" + DefinitionText.list(options.keyColumns(), DefinitionText::quote) + "}";
    }

    /**
     * Two sinks of one topic would share its transactional id (and fence each other), its persisted
     * position and its prepared transactions: the second is refused.
     */
    @Override
    public boolean exclusive() {
        return true;
    }

    @Override
    public void open(long committedPosition) {
        position = Math.max(0, committedPosition);
        producer = new KafkaProducer<>(producerProperties());
    }

    @Override
    public void recover(byte[] preparedBytes) throws IOException {
        if (!options.exactlyOnce()) {
            return;
        }
        // fences the crashed run's producer: its open transaction is aborted, one it was committing completes
        BrokerRetry.run("initializing the transactions of " + name(), options.retryFor(), producer::initTransactions);
        if (preparedBytes == null) {
            return;
        }
        PreparedRecords named = PreparedRecords.decode(preparedBytes);
        TransactionOutcome outcome = new TransactionOutcome(options.bootstrapServers(), consumerProperties(), options.retryFor());
        if (outcome.committed(named.topic(), named.partition(), named.offset())) {
            LOG.info("{}: the transaction of the last commit (position {}) committed; nothing is written again", name(), position);
        } else {
            LOG.info("{}: the transaction of the last commit (position {}) was aborted before it committed; its {} records are"
                    + " written again with the next commit", name(), position, named.records().size());
            pending.addAll(0, named.records());
        }
    }

    @Override
    public void write(long time, ChangeBatch<T> changes, RowSchema<T> schema) throws IOException {
        if (keyFields == null) {
            keyFields = keyFields(schema);
        }
        if (options.upsert()) {
            writeUpserts(changes, schema);
            return;
        }
        for (int i = 0; i < changes.size(); i++) {
            T row = changes.row(i);
            encoded.reset();
            try (JsonGenerator json = JSON.createGenerator(encoded)) {
                json.writeStartObject();
                schema.writeJsonFields(row, json);
                json.writeNumberField(options.timeField(), time);
                json.writeNumberField(options.diffField(), changes.diff(i) > 0 ? 1 : -1);
                json.writeEndObject();
            }
            pending.add(new PreparedRecords.Message(key(changes.key(i), row, schema), encoded.toByteArray()));
        }
    }

    /** Within one time, a key's last state: its inserted row, or a tombstone when it was only retracted. */
    private void writeUpserts(ChangeBatch<T> changes, RowSchema<T> schema) throws IOException {
        Map<Long, PreparedRecords.Message> byKey = new LinkedHashMap<>();
        for (int i = 0; i < changes.size(); i++) {
            T row = changes.row(i);
            long key = changes.key(i);
            if (changes.diff(i) > 0) {
                encoded.reset();
                try (JsonGenerator json = JSON.createGenerator(encoded)) {
                    json.writeStartObject();
                    schema.writeJsonFields(row, json);
                    json.writeEndObject();
                }
                byKey.put(key, new PreparedRecords.Message(key(key, row, schema), encoded.toByteArray()));
            } else {
                byKey.putIfAbsent(key, new PreparedRecords.Message(key(key, row, schema), null));
            }
        }
        pending.addAll(byKey.values());
    }

    @Override
    public long commit() throws IOException {
        prepared = null;
        if (pending.isEmpty()) {
            return options.exactlyOnce() ? position : -1;
        }
        if (options.exactlyOnce()) {
            BrokerRetry.run("beginning a transaction on " + name(), options.retryFor(), producer::beginTransaction);
            inTransaction = true;
        }
        RecordMetadata first = send();
        if (!options.exactlyOnce()) {
            pending.clear();
            return -1;
        }
        prepared = new PreparedRecords(first.topic(), first.partition(), first.offset(), List.copyOf(pending));
        pending.clear();
        return ++position;
    }

    /** Sends the pending records and flushes them; returns where the first landed. */
    private RecordMetadata send() throws IOException {
        AtomicReference<Exception> failure = new AtomicReference<>();
        Future<RecordMetadata> first = null;
        for (PreparedRecords.Message message : pending) {
            Future<RecordMetadata> sent = producer.send(new ProducerRecord<>(topic, message.key(), message.value()), (metadata, error) -> {
                if (error != null) {
                    failure.compareAndSet(null, error);
                }
            });
            if (first == null) {
                first = sent;
            }
        }
        producer.flush();
        if (failure.get() != null) {
            throw new IOException("cannot write to topic " + topic + " at " + options.bootstrapServers() + ": " + failure.get(), failure.get());
        }
        try {
            return first.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing to " + topic, e);
        } catch (ExecutionException e) {
            throw new IOException("cannot write to topic " + topic + ": " + e.getCause(), e.getCause());
        }
    }

    @Override
    public byte[] prepared() {
        return prepared == null ? null : prepared.encode();
    }

    @Override
    public void commitPrepared() throws IOException {
        if (!inTransaction) {
            return;
        }
        BrokerRetry.run("committing the transaction of " + name(), options.retryFor(), producer::commitTransaction);
        inTransaction = false;
        prepared = null;
    }

    @Override
    public void close() {
        if (producer != null) {
            // an open transaction is left to the next run's recovery: aborted by its fencing
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }

    private byte[] key(long rowKey, T row, RowSchema<T> schema) throws IOException {
        if (keyFields.length == 0) {
            return String.format("%016x", rowKey).getBytes(StandardCharsets.US_ASCII);
        }
        ByteArrayOutputStream key = new ByteArrayOutputStream(64);
        try (JsonGenerator json = JSON.createGenerator(key)) {
            json.writeStartObject();
            for (int field : keyFields) {
                FieldDescriptor descriptor = schema.fields().get(field);
                json.writeFieldName(descriptor.externalName());
                Object value = schema.get(row, field);
                if (value == null) {
                    json.writeNull();
                } else {
                    @SuppressWarnings("unchecked")
                    ValueType<Object> type = (ValueType<Object>) descriptor.type();
                    type.writeJson(json, value);
                }
            }
            json.writeEndObject();
        }
        return key.toByteArray();
    }

    private int[] keyFields(RowSchema<T> schema) {
        int[] fields = new int[options.keyColumns().size()];
        for (int i = 0; i < fields.length; i++) {
            String column = options.keyColumns().get(i);
            fields[i] = schema.fieldByExternalName(column).orElseThrow(() -> new IllegalArgumentException("the Kafka sink of " + topic
                    + " keys records by \"" + column + "\", but " + schema.name() + " has no such field; its fields are "
                    + schema.fields().stream().map(FieldDescriptor::externalName).toList())).index();
        }
        return fields;
    }

    private Properties producerProperties() {
        Properties properties = new Properties();
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        properties.putAll(options.properties());
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers());
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        if (options.exactlyOnce()) {
            properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, options.transactionalId().orElse("tideway-" + topic));
        }
        return properties;
    }

    /** The pass-through properties a consumer understands too (security, SASL), for the outcome check. */
    private Map<String, String> consumerProperties() {
        Map<String, String> shared = new LinkedHashMap<>();
        options.properties().forEach((name, value) -> {
            if (name.startsWith("security.") || name.startsWith("ssl.") || name.startsWith("sasl.")) {
                shared.put(name, value);
            }
        });
        return shared;
    }
}
