package dev.tideway.io.kafka;

import dev.tideway.InputException;
import dev.tideway.io.file.BadRowPolicy;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the bad-row policy to the Kafka records a source cannot read: stops the run with an
 * {@link InputException} naming topic, partition and offset (the batch is not committed, so the
 * record is read again after the fix), or logs, counts and hands on the record and skips it.
 */
final class BadRecords {
    private static final Logger LOG = LoggerFactory.getLogger(BadRecords.class);

    private final BadRowPolicy policy;
    private final AtomicLong skipped;
    /** The records this source skipped, where {@code skipped} is shared by copies of the options. */
    private final AtomicLong skippedHere = new AtomicLong();
    private final Consumer<? super BadKafkaRecord> consumer;

    BadRecords(BadRowPolicy policy, AtomicLong skipped, Consumer<? super BadKafkaRecord> consumer) {
        this.policy = policy;
        this.skipped = skipped;
        this.consumer = consumer;
    }

    /** The records this source skipped so far, for metrics; thread-safe. */
    long skipped() {
        return skippedHere.get();
    }

    /**
     * Returns when the record is to be skipped.
     *
     * @throws InputException under {@link BadRowPolicy#STOP}
     */
    void handle(BadKafkaRecord record) {
        if (policy == BadRowPolicy.STOP) {
            throw new InputException(record.describe() + ". Fix the producer, or read with the bad-row policy SKIP"
                    + " (KafkaReadOptions.withBadRows) to skip and report such records.");
        }
        skipped.incrementAndGet();
        skippedHere.incrementAndGet();
        LOG.warn("Skipped a bad Kafka record: {}", record.describe());
        if (consumer != null) {
            consumer.accept(record);
        }
    }
}
