package dev.tideway.io.kafka;

/** How a Kafka source decodes record values into rows. */
public enum KafkaFormat {
    /**
     * One JSON object a record, read by the schema's generated JSON mapping: fields by external
     * name, unknown fields ignored, missing nullable fields absent.
     */
    JSON,
    /**
     * One CSV line a record, without a header: the cells are the schema's fields in order (those
     * filled from record metadata left out), as the schema's CSV mapping parses them.
     */
    CSV
}
