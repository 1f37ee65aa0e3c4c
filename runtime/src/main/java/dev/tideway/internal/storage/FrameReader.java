package dev.tideway.internal.storage;

import dev.tideway.schema.BinaryReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Reads the frames that {@link Frames} wrote, up to the first torn or corrupt one.
 *
 * <p>Every length is checked against the bytes left before anything is allocated, and every payload
 * is checked against its checksum before it is returned, so a damaged tail is reported, never
 * returned as data. Nothing after the first bad frame is trusted: once a length is wrong, the next
 * frame boundary is unknown.
 */
public final class FrameReader {
    private FrameReader() {}

    /** Reads every good frame of {@code data} from the start. */
    public static FrameScan scan(byte[] data) {
        return scan(data, 0);
    }

    /**
     * Reads every good frame of {@code data} from {@code start} (the end of an object's header); the
     * offsets of the scan count from the start of {@code data}.
     */
    public static FrameScan scan(byte[] data, int start) {
        if (start < 0 || start > data.length) {
            throw new IllegalArgumentException("frames start at " + start + ", outside the " + data.length + " bytes");
        }
        List<byte[]> records = new ArrayList<>();
        int position = start;
        while (position < data.length) {
            int left = data.length - position;
            if (left < Frames.HEADER_BYTES) {
                return cut(records, position, data, "torn frame header: " + left + " of " + Frames.HEADER_BYTES + " bytes");
            }
            BinaryReader header = new BinaryReader(data, position, Frames.HEADER_BYTES);
            long length = header.readFixedInt() & 0xFFFFFFFFL;
            int checksum = header.readFixedInt();
            int payloadStart = position + Frames.HEADER_BYTES;
            if (length > data.length - payloadStart) {
                return cut(records, position, data, "frame length " + length + " runs past the end: only "
                        + (data.length - payloadStart) + " bytes follow the header");
            }
            int payloadLength = (int) length;
            if (Frames.checksum(data, payloadStart, payloadLength) != checksum) {
                return cut(records, position, data, "checksum mismatch in a frame of " + length + " bytes");
            }
            records.add(Arrays.copyOfRange(data, payloadStart, payloadStart + payloadLength));
            position = payloadStart + payloadLength;
        }
        return new FrameScan(records, data.length, data.length, Optional.empty());
    }

    private static FrameScan cut(List<byte[]> records, int position, byte[] data, String reason) {
        return new FrameScan(records, position, data.length, Optional.of(reason));
    }
}
