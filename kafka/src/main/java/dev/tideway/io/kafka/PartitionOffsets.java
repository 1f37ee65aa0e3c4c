package dev.tideway.io.kafka;

import dev.tideway.schema.BinaryReader;
import dev.tideway.schema.BinaryWriter;
import dev.tideway.schema.CodecException;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;

/**
 * The next offset to read of every partition a Kafka source reads: the source's position inside
 * Tideway's commit, encoded as the opaque offsets of the connector SPI.
 *
 * <p>Layout, version 1: {@code 'K' 1 count (topic partition offset)*}, strings and numbers in the
 * runtime's binary encoding, partitions sorted by topic then number, so equal offsets encode alike.
 *
 * <pre>{@code
 * byte[] bytes = PartitionOffsets.encode(Map.of(new TopicPartition("words", 0), 42L));
 * Map<TopicPartition, Long> back = PartitionOffsets.decode(bytes);   // {words-0=42}
 * }</pre>
 */
final class PartitionOffsets {
    private static final int MAGIC = 'K';
    private static final int VERSION = 1;

    private PartitionOffsets() {}

    static byte[] encode(Map<TopicPartition, Long> offsets) {
        BinaryWriter out = new BinaryWriter(16 + offsets.size() * 24);
        out.writeByte(MAGIC);
        out.writeByte(VERSION);
        out.writeLength(offsets.size());
        for (Map.Entry<TopicPartition, Long> entry : sorted(offsets).entrySet()) {
            out.writeString(entry.getKey().topic());
            out.writeInt(entry.getKey().partition());
            out.writeLong(entry.getValue());
        }
        return out.toByteArray();
    }

    /**
     * The offsets {@link #encode} wrote; an empty map for null.
     *
     * @throws CodecException if the bytes are not offsets of this format, or of a newer version
     */
    static SortedMap<TopicPartition, Long> decode(byte[] bytes) {
        SortedMap<TopicPartition, Long> offsets = new TreeMap<>(ORDER);
        if (bytes == null) {
            return offsets;
        }
        BinaryReader in = new BinaryReader(bytes);
        int magic = in.readByte();
        int version = in.readByte();
        if (magic != MAGIC) {
            throw new CodecException("not the offsets of a Kafka source (they start with " + magic + ")");
        }
        if (version != VERSION) {
            throw new CodecException("Kafka source offsets of format " + version + ", written by a newer Tideway; this one reads "
                    + VERSION + ": upgrade, or restore with the version that wrote them");
        }
        int count = in.readLength(3);
        for (int i = 0; i < count; i++) {
            String topic = in.readString();
            int partition = in.readInt();
            offsets.put(new TopicPartition(topic, partition), in.readLong());
        }
        in.requireEnd();
        return offsets;
    }

    static final java.util.Comparator<TopicPartition> ORDER =
            java.util.Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    private static SortedMap<TopicPartition, Long> sorted(Map<TopicPartition, Long> offsets) {
        SortedMap<TopicPartition, Long> sorted = new TreeMap<>(ORDER);
        sorted.putAll(offsets);
        return Collections.unmodifiableSortedMap(sorted);
    }
}
