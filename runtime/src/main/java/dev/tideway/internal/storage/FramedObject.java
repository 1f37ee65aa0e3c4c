package dev.tideway.internal.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the body of a framed object of any format its kind has had: the frames after the header
 * ({@link FrameReader}), and in the formats that compress ({@link ObjectFormat#compressedIn}), each frame's payload decompressed
 * ({@link ObjectCompression}); for a log segment ({@code records} true), the records framed inside
 * each decompressed block. What the caller gets is what format 1 gave it: the payloads, in order,
 * up to the first damage.
 *
 * <pre>{@code
 * FrameScan scan = FramedObject.scan(ObjectFormat.UNIT_ROWS, data, name, backend.describe(), false);
 * byte[] rows = scan.records().get(0);
 * }</pre>
 */
public final class FramedObject {
    private FramedObject() {}

    /**
     * The payloads of {@code data}, an object of kind {@code format} named {@code name}.
     *
     * @param records whether each (decompressed) frame holds framed records, as a log segment's blocks do
     * @return the payloads of the good prefix; when a compressed block cannot be decompressed or its
     *     records are damaged, the scan is cut at the start of that block and says why
     * @throws ObjectFormat.NewerFormatException if the object was written by a newer Tideway
     * @throws DamagedObjectException if its header is garbled
     */
    public static FrameScan scan(ObjectFormat format, byte[] data, String name, String location, boolean records) {
        ObjectFormat.Header header = format.read(data, name, location);
        FrameScan frames = FrameReader.scan(data, header.bodyStart());
        if (!format.compressedIn(header.format())) {
            return frames;
        }
        List<byte[]> payloads = new ArrayList<>();
        int blockStart = header.bodyStart();
        for (byte[] block : frames.records()) {
            byte[] body;
            try {
                body = ObjectCompression.decompress(block, name, location);
            } catch (DamagedObjectException e) {
                return new FrameScan(payloads, blockStart, frames.totalLength(), Optional.of(e.getMessage()));
            }
            if (!records) {
                payloads.add(body);
            } else {
                FrameScan inner = FrameReader.scan(body);
                payloads.addAll(inner.records());
                if (!inner.isComplete()) {
                    return new FrameScan(payloads, blockStart, frames.totalLength(), Optional.of("in the block at byte "
                            + blockStart + ", at byte " + inner.validLength() + " of its " + body.length
                            + " decompressed bytes: " + inner.cutReason().orElse("damaged")));
                }
            }
            blockStart += Frames.HEADER_BYTES + block.length;
        }
        return new FrameScan(payloads, frames.validLength(), frames.totalLength(), frames.cutReason());
    }

    /** One frame holding {@code body[offset, offset + length)} compressed, after the header of {@code format}. */
    public static byte[] write(ObjectFormat format, byte[] body, int offset, int length) {
        return ObjectCompression.framedObject(format.header(), body, offset, length);
    }
}
