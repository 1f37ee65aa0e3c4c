package dev.tideway.samples.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tideway.io.kafka.testing.KafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The word count sample from a Kafka topic to a Kafka topic, in a child JVM, on a real broker:
 * killed with SIGKILL at random moments (and at the moment between the metadata and the
 * transaction's commit) while a producer writes, and run through a restart of the broker. The
 * output topic, read with read_committed, must hold every change exactly once.
 */
@Tag("slow")
class WordCountKafkaTest {
    private static final int KILLS = 9;
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(90);
    private static final String[] WORDS = {"apple", "kiwi", "fig", "plum", "pear", "lime", "date", "yuzu"};

    @TempDir
    static Path brokerDir;
    static KafkaBroker broker;

    @TempDir
    Path work;

    /** Every word the producer got acknowledged, with its count. */
    private final Map<String, Long> produced = new ConcurrentHashMap<>();

    @BeforeAll
    static void startBroker() throws Exception {
        broker = KafkaBroker.start(brokerDir);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void theOutputTopicIsExactlyOnceAfterManySigkillsWhileAProducerWrites() throws Exception {
        long seed = Long.getLong("tideway.test.seed", System.nanoTime());
        Random random = new Random(seed);
        broker.createTopic("kill-in", 3);
        broker.createTopic("kill-out", 2);
        AtomicBoolean producing = new AtomicBoolean(true);
        Thread producer = producer("kill-in", seed, producing);
        producer.start();
        int killedAfterProgress = 0;
        int crashedBetweenMetadataAndCommit = 0;
        int rewrittenAfterCrash = 0;
        boolean previousAtCommitPoint = false;
        try {
            for (int kill = 1; kill <= KILLS; kill++) {
                boolean atCommitPoint = kill % 3 == 0;
                List<String> properties = atCommitPoint
                        ? List.of("tideway.test.crashAt=after-metadata", "tideway.test.crashAfter=" + (1 + random.nextInt(4)))
                        : List.of();
                WordCountProcess child = WordCountProcess.start(work.resolve("run-" + kill + ".log"), properties,
                        args("kill-in", "kill-out", "streaming", 20 + random.nextInt(40), 100 + random.nextInt(300)));
                boolean started = Await.until(RUN_TIMEOUT,
                        () -> !child.alive() || child.log().contains("recovered from") || child.log().contains("no state at"));
                assertThat(started).as("child %s started; log:%n%s", kill, child.log()).isTrue();
                if (previousAtCommitPoint && child.log().contains("was aborted before it committed")) {
                    rewrittenAfterCrash++;   // the prepared transaction the metadata named was written again
                }
                previousAtCommitPoint = atCommitPoint;
                if (atCommitPoint) {
                    // the child halts itself right after a commit's metadata, before its transaction commits
                    assertThat(child.awaitExit(RUN_TIMEOUT)).as("child %s halted at the crash point; log:%n%s", kill, child.log())
                            .isEqualTo(137);
                    crashedBetweenMetadataAndCommit++;
                    continue;
                }
                long from = outputRecords("kill-out");
                long grow = 1 + random.nextInt(40);
                if (Await.until(Duration.ofSeconds(20), () -> outputRecords("kill-out") >= from + grow || !child.alive())) {
                    killedAfterProgress++;
                }
                LockSupport.parkNanos(Duration.ofMillis(random.nextInt(150)).toNanos());
                assertThat(child.alive()).as("child %s running before its kill; log:%n%s", kill, child.log()).isTrue();
                child.kill();
            }
        } finally {
            producing.set(false);
            producer.join();
        }
        int exit = WordCountProcess.run(work.resolve("final.log"), List.of(), args("kill-in", "kill-out", "static", 20, 200), RUN_TIMEOUT);
        String finalLog = Files.readString(work.resolve("final.log"));
        assertThat(exit).as("final static run; log:%n%s", finalLog).isZero();
        if (previousAtCommitPoint && finalLog.contains("was aborted before it committed")) {
            rewrittenAfterCrash++;
        }

        ExactlyOnceVerifier.Report report = ExactlyOnceVerifier.verify(committedChanges("kill-out"), new TreeMap<>(produced));
        System.out.printf("seed %d: %d kills (%d after output progress, %d between metadata and commit, %d transactions written"
                        + " again), %d words produced, %s%n",
                seed, KILLS, killedAfterProgress, crashedBetweenMetadataAndCommit, rewrittenAfterCrash,
                produced.values().stream().mapToLong(Long::longValue).sum(), report);
        assertThat(report.violations()).as("seed %d: %s", seed, report).isZero();
        assertThat(report.live()).isEqualTo(new TreeMap<>(produced));
        assertThat(crashedBetweenMetadataAndCommit).isEqualTo(KILLS / 3);
        assertThat(rewrittenAfterCrash).as("recoveries that wrote an aborted prepared transaction again").isEqualTo(KILLS / 3);
        assertThat(killedAfterProgress).as("kills that landed while the output was growing").isGreaterThan(KILLS / 3);
    }

    @Test
    void aStreamingRunRidesOutABrokerRestartAndLosesNothing() throws Exception {
        broker.createTopic("restart-in", 2);
        broker.createTopic("restart-out", 1);
        produceRound("restart-in", 0, 200);
        WordCountProcess child = WordCountProcess.start(work.resolve("run.log"), List.of(),
                args("restart-in", "restart-out", "streaming", 50, 200));
        Await.require(RUN_TIMEOUT, "the first round counted", () -> liveCounts("restart-out").equals(new TreeMap<>(produced)));

        broker.restart();
        produceRound("restart-in", 1, 200);
        Await.require(RUN_TIMEOUT, "the round after the broker's restart counted",
                () -> liveCounts("restart-out").equals(new TreeMap<>(produced)));
        assertThat(child.alive()).as("the run survived the broker's restart; log:%n%s", child.log()).isTrue();
        assertThat(child.log()).as("the client logged the broker's absence").containsAnyOf("could not be established", "retrying",
                "Disconnecting from node", "disconnected");

        child.process().destroy();   // SIGTERM: a graceful stop
        assertThat(child.awaitExit(RUN_TIMEOUT)).as("exit code; log:%n%s", child.log()).isZero();
        ExactlyOnceVerifier.Report report = ExactlyOnceVerifier.verify(committedChanges("restart-out"), new TreeMap<>(produced));
        assertThat(report.violations()).as("%s", report).isZero();
    }

    private List<String> args(String in, String out, String mode, long pollMs, long snapshotMs) {
        return List.of("wordcount", "--input", "kafka://" + broker.bootstrapServers() + "/" + in,
                "--output", "kafka://" + broker.bootstrapServers() + "/" + out, "--mode", mode,
                "--poll-interval-ms", Long.toString(pollMs), "--state", work.resolve("state").toString(),
                "--snapshot-interval-ms", Long.toString(snapshotMs));
    }

    /** A producer thread writing batches of words at its own pace until told to stop; counts what was acknowledged. */
    private Thread producer(String topic, long seed, AtomicBoolean producing) {
        return new Thread(() -> {
            Random pace = new Random(seed + 1);
            int round = 0;
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProperties())) {
                while (producing.get()) {
                    produceRound(producer, topic, round++, 1 + pace.nextInt(60));
                    LockSupport.parkNanos(Duration.ofMillis(5 + pace.nextInt(30)).toNanos());   // the producer's pace
                }
            }
        }, "producer");
    }

    private void produceRound(String topic, int round, int count) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProperties())) {
            produceRound(producer, topic, round, count);
        }
    }

    /** Sends a round of words and counts those acknowledged (all of them, or the round fails the test). */
    private void produceRound(KafkaProducer<String, String> producer, String topic, int round, int count) {
        Random words = new Random(round);
        List<String> batch = new ArrayList<>();
        List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String word = WORDS[words.nextInt(WORDS.length)] + (round % 7);
            batch.add(word);
            sent.add(producer.send(new ProducerRecord<>(topic, word)));
        }
        producer.flush();
        for (java.util.concurrent.Future<?> future : sent) {
            try {
                future.get();
            } catch (Exception e) {
                throw new AssertionError("the producer's record was not acknowledged: " + e, e);
            }
        }
        batch.forEach(word -> produced.merge(word, 1L, Long::sum));
    }

    private Properties producerProperties() {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        return properties;
    }

    /** How many records the output topic holds (committed or not): grows as batches are committed. */
    private long outputRecords(String topic) {
        try (Admin admin = broker.admin()) {
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            for (int p = 0; p < 2; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            return admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).values().stream().mapToLong(r -> r.offset()).sum();
        } catch (Exception e) {
            return -1;
        }
    }

    private static final Pattern TIME = Pattern.compile("\"time\":(\\d+)");

    /**
     * The committed changes of the output topic, as JSON lines in the order they were written: the
     * partitions merged by time (a word's changes are in one partition, in order; a stable sort keeps it).
     */
    private List<String> committedChanges(String topic) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic)) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end offsets " + end);
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
        }
        List<String> byTime = new ArrayList<>(values);
        byTime.sort(Comparator.comparingLong(WordCountKafkaTest::timeOf));
        return byTime;
    }

    private Map<String, Long> liveCounts(String topic) {
        return ExactlyOnceVerifier.verify(committedChanges(topic), null).live();
    }

    private static long timeOf(String change) {
        Matcher m = TIME.matcher(change);
        return m.find() ? Long.parseLong(m.group(1)) : Long.MIN_VALUE;
    }
}
