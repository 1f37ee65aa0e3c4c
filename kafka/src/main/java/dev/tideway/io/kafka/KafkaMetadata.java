package dev.tideway.io.kafka;

/**
 * What a Kafka source can fill a column with, instead of reading it from the record's value (see
 * {@link KafkaReadOptions#withMetadataColumn}). The column's type decides the form: a number for
 * {@code int}/{@code long} columns, text for strings, an instant for {@code Instant} columns.
 */
public enum KafkaMetadata {
    /** The record's topic, as text. */
    TOPIC,
    /** The record's partition number. */
    PARTITION,
    /** The record's offset in its partition. */
    OFFSET,
    /** The record's timestamp: milliseconds since the epoch, or an instant. */
    TIMESTAMP,
    /** The record's key decoded as UTF-8 text (null for a record without key). */
    KEY
}
