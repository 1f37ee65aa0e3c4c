package dev.tideway.io.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Producing to and reading back topics in the tests: plain clients, read_committed. */
final class TopicIO {
    private TopicIO() {}

    /** Sends {@code key -> value} records (a null value is a tombstone) and waits until all are acknowledged. */
    static void produce(String bootstrap, String topic, List<String[]> records) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties)) {
            for (String[] record : records) {
                producer.send(new ProducerRecord<>(topic, record[0], record[1]));
            }
            producer.flush();
        }
    }

    /** Sends values without keys to one partition. */
    static void produceTo(String bootstrap, String topic, int partition, List<String> values) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties)) {
            for (String value : values) {
                producer.send(new ProducerRecord<>(topic, partition, null, value));
            }
            producer.flush();
        }
    }

    /** Sends values without keys. */
    static void produceValues(String bootstrap, String topic, List<String> values) {
        List<String[]> records = new ArrayList<>();
        values.forEach(value -> records.add(new String[] {null, value}));
        produce(bootstrap, topic, records);
    }

    /** Every committed record of the topic, read with read_committed up to the end offsets, as key -> value. */
    static List<ConsumerRecord<String, String>> readCommitted(String bootstrap, String topic) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<ConsumerRecord<String, String>> all = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic)) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end offsets " + end);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(all::add);
            }
        }
        return all;
    }

    private static final Pattern CHANGE = Pattern.compile("(.*),\"time\":\\d+,\"diff\":(-?1)}");

    /**
     * What a topic of changes adds up to: each row (its JSON without time and diff) with its count;
     * fails on a row whose changes add up to neither 0 nor 1.
     */
    static Map<String, Integer> consolidate(List<ConsumerRecord<String, String>> records) {
        Map<String, Integer> counts = new TreeMap<>();
        for (ConsumerRecord<String, String> record : records) {
            Matcher m = CHANGE.matcher(record.value());
            if (!m.matches()) {
                throw new AssertionError("not a change: " + record.value());
            }
            counts.merge(m.group(1) + "}", Integer.parseInt(m.group(2)), Integer::sum);
        }
        counts.values().removeIf(n -> n == 0);
        counts.forEach((row, n) -> {
            if (n != 1) {
                throw new AssertionError(row + " adds up to " + n);
            }
        });
        return counts;
    }

    /** The JSON of a word count row. */
    static String count(String word, long count) {
        return "{\"word\":\"" + word + "\",\"count\":" + count + "}";
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
