package dev.tideway.io.kafka;

import dev.tideway.schema.BinaryReader;
import dev.tideway.schema.BinaryWriter;
import dev.tideway.schema.CodecException;
import java.util.ArrayList;
import java.util.List;

/**
 * A transaction the Kafka sink prepared: its records, and where the first of them landed, which
 * tells after a crash whether the transaction committed (a {@code read_committed} consumer sees
 * that record) or was aborted (it does not, and the records are written again).
 *
 * <p>Layout, version 1: {@code 'P' 1 topic partition offset count (key value)*}, each key and
 * value a presence byte then bytes, in the runtime's binary encoding.
 *
 * @param topic the topic of the first record
 * @param partition its partition
 * @param offset its offset
 * @param records the transaction's records, in the order sent
 */
record PreparedRecords(String topic, int partition, long offset, List<Message> records) {
    private static final int MAGIC = 'P';
    private static final int VERSION = 1;

    /** One record: key and value bytes, either null. */
    record Message(byte[] key, byte[] value) {}

    byte[] encode() {
        int size = 32 + topic.length();
        for (Message message : records) {
            size += 8 + (message.key() == null ? 0 : message.key().length) + (message.value() == null ? 0 : message.value().length);
        }
        BinaryWriter out = new BinaryWriter(size);
        out.writeByte(MAGIC);
        out.writeByte(VERSION);
        out.writeString(topic);
        out.writeInt(partition);
        out.writeLong(offset);
        out.writeLength(records.size());
        for (Message message : records) {
            writeNullable(out, message.key());
            writeNullable(out, message.value());
        }
        return out.toByteArray();
    }

    /**
     * @throws CodecException if the bytes are not a prepared transaction of this format, or of a newer version
     */
    static PreparedRecords decode(byte[] bytes) {
        BinaryReader in = new BinaryReader(bytes);
        int magic = in.readByte();
        int version = in.readByte();
        if (magic != MAGIC) {
            throw new CodecException("not a transaction prepared by the Kafka sink (it starts with " + magic + ")");
        }
        if (version != VERSION) {
            throw new CodecException("a Kafka transaction prepared in format " + version + ", by a newer Tideway; this one reads "
                    + VERSION + ": upgrade, or recover with the version that wrote it");
        }
        String topic = in.readString();
        int partition = in.readInt();
        long offset = in.readLong();
        int count = in.readLength(2);
        List<Message> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            records.add(new Message(readNullable(in), readNullable(in)));
        }
        in.requireEnd();
        return new PreparedRecords(topic, partition, offset, records);
    }

    private static void writeNullable(BinaryWriter out, byte[] bytes) {
        out.writeBoolean(bytes != null);
        if (bytes != null) {
            out.writeBytes(bytes);
        }
    }

    private static byte[] readNullable(BinaryReader in) {
        return in.readBoolean() ? in.readBytes() : null;
    }
}
