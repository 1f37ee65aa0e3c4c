package dev.tideway.benchmarks.kafka;

import dev.tideway.Reducers;
import dev.tideway.RunConfig;
import dev.tideway.RunHandle;
import dev.tideway.Tideway;
import dev.tideway.benchmarks.e2e.WordData;
import dev.tideway.io.kafka.KafkaFormat;
import dev.tideway.io.kafka.KafkaReadOptions;
import dev.tideway.io.kafka.KafkaSink;
import dev.tideway.io.kafka.KafkaSource;
import dev.tideway.io.kafka.KafkaWriteOptions;
import dev.tideway.io.kafka.testing.KafkaBroker;
import dev.tideway.persistence.Backend;
import dev.tideway.persistence.PersistenceConfig;
import dev.tideway.samples.wordcount.WordCount_;
import dev.tideway.samples.wordcount.Word_;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Produced;

/**
 * Word count from a topic to a topic, Tideway against Kafka Streams at equal guarantees, on the
 * same broker and the same data, in one run. Tideway: the Kafka source and the exactly-once Kafka
 * sink, state persisted in a folder. Kafka Streams: {@code groupBy(word).count()} with
 * {@code processing.guarantee=exactly_once_v2} and its state in a folder. Both run in this JVM.
 *
 * <ul>
 *   <li><b>Throughput</b>: the input topic is filled first; each contender starts afresh and is timed
 *       until it has committed every input offset (Tideway's offsets committed for monitoring after
 *       each of its commits, Kafka Streams' in its transactions). Rounds are interleaved; the median
 *       is reported.</li>
 *   <li><b>End-to-end latency</b>: each contender runs alone while a producer writes at a fixed rate;
 *       a {@code read_committed} consumer of the output sees each count; an input record's latency is
 *       from its send to the first committed count that includes it. p50 and p99 of the records sent
 *       after the first 2 s (the contender's start-up).</li>
 * </ul>
 *
 * <pre>
 * java -cp CLASSPATH dev.tideway.benchmarks.kafka.KafkaWordCountComparison \
 *     [--dir target/kafka-bench] [--bootstrap HOST:PORT] [--words 2000000] [--distinct 5000] [--partitions 4]
 *     [--runs 3] [--rate 5000] [--latency-seconds 15]
 * </pre>
 * Without {@code --bootstrap} a one-node KRaft broker is started in a child JVM (from the
 * {@code kafka_2.13} artifact on the class path) and stopped at the end.
 */
public final class KafkaWordCountComparison {
    private static final Pattern CHANGE = Pattern.compile("\\{\"word\":\"([^\"]*)\",\"count\":(\\d+),\"time\":\\d+,\"diff\":1}");

    /** Records sent in the first milliseconds of a latency run are not measured: the contender is starting. */
    private static final long WARM_UP_MS = 2_000;

    private final Map<String, String> options;
    private final PrintStream out;
    private volatile long measuredFrom;
    private final Path dir;
    private String bootstrap;
    private int run;

    private KafkaWordCountComparison(Map<String, String> options, PrintStream out) {
        this.options = options;
        this.out = out;
        this.dir = Path.of(options.getOrDefault("--dir", "target/kafka-bench")).toAbsolutePath();
    }

    public static void main(String[] args) throws Exception {
        run(args, System.out);
    }

    /** Runs the comparison and prints to {@code out}; returns the printed table. */
    public static String run(String[] args, PrintStream out) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got " + List.of(args));
            }
            options.put(args[i], args[i + 1]);
        }
        return new KafkaWordCountComparison(options, out).run();
    }

    private String run() throws Exception {
        int words = intOption("--words", 2_000_000);
        int distinct = intOption("--distinct", 5000);
        int partitions = intOption("--partitions", 4);
        int runs = intOption("--runs", 3);
        int rate = intOption("--rate", 5000);
        int latencySeconds = intOption("--latency-seconds", 15);
        // a fresh folder: the states of an earlier run name transactions on another broker
        if (Files.exists(dir)) {
            try (var walk = Files.walk(dir)) {
                for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
        Files.createDirectories(dir);
        KafkaBroker broker = null;
        try {
            if (options.containsKey("--bootstrap")) {
                bootstrap = options.get("--bootstrap");
            } else {
                broker = KafkaBroker.start(dir.resolve("broker-" + System.nanoTime()));
                bootstrap = broker.bootstrapServers();
            }
            createTopic("bench-in", partitions);
            out.printf(Locale.ROOT, "producing %,d words (%d distinct) into bench-in (%d partitions) at %s%n", words, distinct,
                    partitions, bootstrap);
            produceAll("bench-in", words, distinct);

            List<Double> tideway = new ArrayList<>();
            List<Double> streams = new ArrayList<>();
            for (int round = 1; round <= runs; round++) {
                tideway.add(throughput("Tideway", round, () -> startTideway("bench-in", partitions)));
                streams.add(throughput("Kafka Streams", round, () -> startStreams("bench-in", partitions)));
            }
            double tidewayRate = words / median(tideway);
            double streamsRate = words / median(streams);

            Latency tidewayLatency = latency("Tideway", rate, latencySeconds, distinct, partitions, true);
            Latency streamsLatency = latency("Kafka Streams", rate, latencySeconds, distinct, partitions, false);

            String table = String.format(Locale.ROOT, """
                    Word count, topic to topic, exactly once, state persisted (%,d words, %d distinct, %d partitions;
                    median of %d interleaved runs; latency at %,d words/s for %d s, the first 2 s not measured; one broker, a shared 2-core machine):

                    | | throughput (words/s) | time (s) | latency p50 (ms) | latency p99 (ms) |
                    |---|---|---|---|---|
                    | Tideway (Kafka source, exactly-once sink, filesystem state) | %,.0f | %.2f | %.0f | %.0f |
                    | Kafka Streams 4.3.1 (exactly_once_v2, RocksDB state) | %,.0f | %.2f | %.0f | %.0f |

                    throughput ratio Tideway / Kafka Streams: %.2fx
                    """, words, distinct, partitions, runs, rate, latencySeconds,
                    tidewayRate, median(tideway), tidewayLatency.p50, tidewayLatency.p99,
                    streamsRate, median(streams), streamsLatency.p50, streamsLatency.p99, tidewayRate / streamsRate);
            out.println();
            out.print(table);
            return table;
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }

    // ---- contenders ----

    /** A running contender: what its input offsets are committed as, and how to stop it. */
    private record Running(String group, String outputTopic, AutoCloseable stop) {}

    private interface Starter {
        Running start() throws Exception;
    }

    private Running startTideway(String input, int partitions) throws Exception {
        int id = ++run;
        String group = "tideway-" + id;
        String output = "tideway-out-" + id;
        createTopic(output, partitions);
        var words = KafkaSource.read(input, Word_.SCHEMA, KafkaReadOptions.of(bootstrap).withFormat(KafkaFormat.CSV)
                .withPollInterval(Duration.ofMillis(50)).withMonitoringGroup(group).withPersistentId("words"));
        var counts = words.groupBy(Word_.word).reduce(WordCount_.of(Word_.word, Reducers.count()));
        KafkaSink.write(counts, output, KafkaWriteOptions.of(bootstrap).withKeyColumns("word").withTransactionalId("tideway-bench-" + id));
        Path state = dir.resolve("tideway-state-" + id);
        RunHandle handle = Tideway.start(RunConfig.defaults().withHandleSignals(false)
                .withPersistence(PersistenceConfig.of(Backend.filesystem(state))));
        return new Running(group, output, () -> {
            handle.stop();
            handle.await();
        });
    }

    private Running startStreams(String input, int partitions) throws Exception {
        int id = ++run;
        String application = "streams-" + id;
        String output = "streams-out-" + id;
        createTopic(output, partitions);
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(input, Consumed.with(Serdes.String(), Serdes.String()))
                .groupBy((key, word) -> word, Grouped.with(Serdes.String(), Serdes.String()))
                .count()
                .toStream()
                .to(output, Produced.with(Serdes.String(), Serdes.Long()));
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, application);
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        properties.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("streams-state-" + id).toString());
        properties.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        properties.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        KafkaStreams streams = new KafkaStreams(builder.build(), properties);
        streams.start();
        return new Running(application, output, () -> streams.close(Duration.ofSeconds(30)));
    }

    // ---- throughput ----

    private double throughput(String name, int round, Starter starter) throws Exception {
        Map<TopicPartition, Long> end = endOffsets("bench-in");
        long start = System.nanoTime();
        Running running = starter.start();
        try {
            awaitCommitted(running.group(), end, Duration.ofMinutes(10));
            double seconds = (System.nanoTime() - start) / 1e9;
            out.printf(Locale.ROOT, "  round %d  %-14s %8.2f s%n", round, name, seconds);
            return seconds;
        } finally {
            running.stop().close();
        }
    }

    private void awaitCommitted(String group, Map<TopicPartition, Long> end, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = admin()) {
            while (true) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                // a partition that holds nothing needs no commit (Kafka Streams makes none for it)
                boolean done = end.entrySet().stream().allMatch(e -> e.getValue() == 0 || committed.get(e.getKey()) != null
                        && committed.get(e.getKey()).offset() >= e.getValue());
                if (done) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(group + " did not commit " + end + " within " + timeout + "; committed " + committed);
                }
                Thread.sleep(20);   // polling the group's offsets: their commit is what is measured
            }
        }
    }

    // ---- latency ----

    private record Latency(double p50, double p99) {}

    private Latency latency(String name, int rate, int seconds, int distinct, int partitions, boolean tideway) throws Exception {
        String input = "latency-in-" + (tideway ? "tideway" : "streams");
        createTopic(input, partitions);
        Running running = tideway ? startTideway(input, partitions) : startStreams(input, partitions);
        Map<String, List<Long>> sentAt = Collections.synchronizedMap(new HashMap<>());
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean reading = new AtomicBoolean(true);
        Thread reader = new Thread(() -> readCounts(running.outputTopic(), tideway, sentAt, latencies, reading), "latency-reader");
        reader.start();
        int total = rate * seconds;
        int measured = 0;
        // the first 2 s are the contender's start-up (first poll, group join, first transaction): not measured
        measuredFrom = System.currentTimeMillis() + WARM_UP_MS;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProperties())) {
            WordData data = new WordData(distinct, 7);
            long startNanos = System.nanoTime();
            for (int i = 0; i < total; i++) {
                long due = startNanos + (long) (i * 1e9 / rate);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);   // the producer's fixed rate
                }
                String word = data.nextWord();
                long now = System.currentTimeMillis();
                if (now >= measuredFrom) {
                    measured++;
                }
                sentAt.computeIfAbsent(word, w -> Collections.synchronizedList(new ArrayList<>())).add(now);
                producer.send(new ProducerRecord<>(input, word));
            }
            producer.flush();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (latencies.size() < measured && System.nanoTime() < deadline) {
            Thread.sleep(50);   // waiting for the reader to see the last counts
        }
        reading.set(false);
        reader.join();
        running.stop().close();
        List<Long> sorted;
        synchronized (latencies) {
            sorted = new ArrayList<>(latencies);
        }
        sorted.sort(Comparator.naturalOrder());
        if (sorted.size() < measured) {
            out.printf(Locale.ROOT, "  %s: only %d of %d measured input records were seen in the output%n", name, sorted.size(), measured);
        }
        List<Long> steady = sorted.isEmpty() ? List.of(0L) : sorted;
        Latency latency = new Latency(percentile(steady, 0.50), percentile(steady, 0.99));
        out.printf(Locale.ROOT, "  latency %-14s p50 %6.0f ms  p99 %6.0f ms  (%d records)%n", name, latency.p50, latency.p99, sorted.size());
        return latency;
    }

    /** Reads the committed counts; each count that includes new occurrences of a word gives their latencies. */
    private void readCounts(String topic, boolean tideway, Map<String, List<Long>> sentAt, List<Long> latencies, AtomicBoolean reading) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                tideway ? StringDeserializer.class.getName() : LongDeserializer.class.getName());
        Map<String, Long> seen = new HashMap<>();
        try (KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(properties)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (reading.get()) {
                for (ConsumerRecord<String, Object> record : consumer.poll(Duration.ofMillis(20))) {
                    long now = System.currentTimeMillis();
                    KeyValue<String, Long> count = countOf(record, tideway);
                    if (count == null) {
                        continue;
                    }
                    long before = seen.getOrDefault(count.key, 0L);
                    if (count.value > before) {
                        List<Long> sends = sentAt.getOrDefault(count.key, List.of());
                        synchronized (sends) {
                            for (long n = before; n < count.value && n < sends.size(); n++) {
                                long sent = sends.get((int) n);
                                if (sent >= measuredFrom) {
                                    latencies.add(now - sent);
                                }
                            }
                        }
                        seen.put(count.key, count.value);
                    }
                }
            }
        }
    }

    private static KeyValue<String, Long> countOf(ConsumerRecord<String, Object> record, boolean tideway) {
        if (!tideway) {
            return record.value() == null ? null : KeyValue.pair(record.key(), (Long) record.value());
        }
        Matcher m = CHANGE.matcher((String) record.value());
        return m.matches() ? KeyValue.pair(m.group(1), Long.parseLong(m.group(2))) : null;   // insertions only
    }

    // ---- Kafka plumbing ----

    private void produceAll(String topic, int words, int distinct) throws Exception {
        WordData data = new WordData(distinct, 42);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProperties())) {
            for (int i = 0; i < words; i++) {
                producer.send(new ProducerRecord<>(topic, data.nextWord()));
            }
            producer.flush();
        }
    }

    private Properties producerProperties() {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return properties;
    }

    private void createTopic(String topic, int partitions) throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    private Map<TopicPartition, Long> endOffsets(String topic) throws Exception {
        try (Admin admin = admin()) {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic).partitions().size();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            Map<TopicPartition, Long> end = new HashMap<>();
            admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).forEach((partition, info) -> end.put(partition, info.offset()));
            return end;
        }
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    private int intOption(String name, int otherwise) {
        return options.containsKey(name) ? Integer.parseInt(options.get(name).replace("_", "")) : otherwise;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static double percentile(List<Long> sorted, double q) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1 < 0 ? 0 : (int) Math.ceil(q * sorted.size()) - 1));
    }
}
