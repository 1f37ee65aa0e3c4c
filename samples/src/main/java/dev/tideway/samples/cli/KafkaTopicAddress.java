package dev.tideway.samples.cli;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kafka topic named on the command line as {@code kafka://HOST:PORT[,HOST:PORT...]/TOPIC}.
 *
 * <pre>{@code
 * KafkaTopicAddress.parse("kafka://127.0.0.1:9092/words")   // bootstrap 127.0.0.1:9092, topic words
 * }</pre>
 *
 * @param bootstrapServers the brokers, {@code host:port[,host:port...]}
 * @param topic the topic
 */
public record KafkaTopicAddress(String bootstrapServers, String topic) {
    private static final String SCHEME = "kafka://";
    private static final Pattern ADDRESS = Pattern.compile("kafka://([^/]+:\\d+(?:,[^/]+:\\d+)*)/([A-Za-z0-9._-]+)");

    /** Whether {@code location} names a Kafka topic (starts with {@code kafka://}). */
    public static boolean is(String location) {
        return location.startsWith(SCHEME);
    }

    /**
     * The address in {@code location}, or empty when it is not a {@code kafka://} location.
     *
     * @throws UsageException for a {@code kafka://} location that is not {@code kafka://HOST:PORT/TOPIC}
     */
    public static Optional<KafkaTopicAddress> parse(String location) {
        if (!is(location)) {
            return Optional.empty();
        }
        Matcher m = ADDRESS.matcher(location);
        if (!m.matches()) {
            throw new UsageException("a Kafka topic is written kafka://HOST:PORT[,HOST:PORT...]/TOPIC (a topic of letters, digits,"
                    + " '.', '_' and '-'), not " + location);
        }
        return Optional.of(new KafkaTopicAddress(m.group(1), m.group(2)));
    }
}
