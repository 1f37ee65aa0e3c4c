package dev.tideway.io.kafka;

import dev.tideway.annotations.Schema;
import java.time.Instant;

/** The records of the Kafka tests, compiled by the processor like a user's. */
final class Rows {
    private Rows() {}

    @Schema
    record Word(String word) {}

    @Schema
    record WordCount(String word, long count) {}

    @Schema
    record Balance(String account, long amount) {}

    /** A value's field plus the record's metadata. */
    @Schema
    record Located(String word, String topic, int partition, long offset, Instant timestamp, String key) {}
}
