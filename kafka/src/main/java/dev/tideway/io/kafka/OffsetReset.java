package dev.tideway.io.kafka;

/**
 * What a Kafka source does when a partition no longer holds the offset it is to continue from:
 * retention (or a deletion of records) removed the records before it was read on.
 */
public enum OffsetReset {
    /**
     * Stop with an error naming the topic, partition, the committed offset and the partition's
     * earliest offset: the records between them were never read and are lost to this pipeline.
     */
    FAIL,
    /** Log the loss (topic, partition, both offsets) as a warning and read on from the earliest offset. */
    EARLIEST
}
