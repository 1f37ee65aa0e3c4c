package dev.tideway.internal.storage;

import dev.tideway.schema.BinaryWriter;
import java.util.zip.CRC32C;

/**
 * Writes records as checksummed frames, the unit of the write-ahead log and of snapshot objects.
 *
 * <p>A frame is {@code [u32 length][u32 checksum][payload]}, both integers little-endian (as
 * {@link BinaryWriter#writeFixedInt} writes them). The checksum is the CRC32C of the payload, masked
 * as LevelDB and RocksDB do ({@code rotate right 15, plus 0xa282ead8}), so that a run of zero bytes
 * (what a file system can leave after a crash) is never a valid empty frame. {@link FrameReader}
 * reads frames back.
 */
public final class Frames {
    /** Bytes before each payload: length and checksum. */
    public static final int HEADER_BYTES = 8;

    private static final int MASK_DELTA = 0xa282ead8;

    private Frames() {}

    /** Appends one frame holding {@code payload} to {@code out}. */
    public static void write(BinaryWriter out, byte[] payload) {
        write(out, payload, 0, payload.length);
    }

    /** Appends one frame holding {@code payload[offset, offset + length)} to {@code out}. */
    public static void write(BinaryWriter out, byte[] payload, int offset, int length) {
        out.writeFixedInt(length);
        out.writeFixedInt(checksum(payload, offset, length));
        out.writeRaw(payload, offset, length);
    }

    /** One frame holding {@code payload}, as a new array. */
    public static byte[] frame(byte[] payload) {
        BinaryWriter out = new BinaryWriter(HEADER_BYTES + payload.length);
        write(out, payload);
        return out.toByteArray();
    }

    /** The masked CRC32C stored in a frame's header. */
    static int checksum(byte[] data, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(data, offset, length);
        int value = (int) crc.getValue();
        return ((value >>> 15) | (value << 17)) + MASK_DELTA;
    }
}
