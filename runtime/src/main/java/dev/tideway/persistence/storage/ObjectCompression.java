package dev.tideway.persistence.storage;

import com.github.luben.zstd.Zstd;
import dev.tideway.schema.BinaryReader;
import dev.tideway.schema.BinaryWriter;
import java.util.Arrays;

/**
 * The compressed body of the objects of format 2 (unit rows, log segments, snapshot states): a
 * frame's payload is {@code codec:byte rawLength:varint data}, where {@code codec} names how
 * {@code data} holds the {@code rawLength} bytes of the body. The codec is recorded in every object,
 * so a reader needs no configuration and a later version may add codecs (see
 * {@code docs/state-format.md}).
 *
 * <ul>
 *   <li>{@code 00}: none: {@code data} is the body itself (a body under {@value #MIN_COMPRESSED}
 *       bytes, or one that Zstandard does not make smaller);
 *   <li>{@code 01}: one Zstandard frame (RFC 8878) at level {@value #LEVEL}, through zstd-jni.
 * </ul>
 *
 * <p>Zstandard rather than LZ4: on the word count's rows it stores 0.32 of the bytes at level 3
 * where LZ4 stores 0.56, while decompressing at about 1 GB/s; the compression itself runs off the
 * reading thread where it matters ({@link UnitRowStore}).
 *
 * <pre>{@code
 * byte[] payload = ObjectCompression.compress(rows, 0, rows.length);
 * byte[] object = ObjectFormat.UNIT_ROWS.prefix(Frames.frame(payload));
 * byte[] back = ObjectCompression.decompress(payload, name, backend.describe());
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class ObjectCompression {
    /** The body is stored as it is. */
    static final byte NONE = 0;
    /** The body is one Zstandard frame. */
    static final byte ZSTD = 1;
    /** Zstandard's own default level: the word count's rows at 0.32 of their size (level 1: 0.36). */
    static final int LEVEL = 3;
    /** Bodies shorter than this are stored as they are: a Zstandard frame would save nothing. */
    static final int MIN_COMPRESSED = 64;

    private ObjectCompression() {}

    /** The payload holding {@code body[offset, offset + length)}: compressed when that makes it smaller. */
    public static byte[] compress(byte[] body, int offset, int length) {
        BinaryWriter out = new BinaryWriter(16);
        if (length >= MIN_COMPRESSED) {
            byte[] compressed = new byte[(int) Math.min(Integer.MAX_VALUE - 16, Zstd.compressBound(length))];
            long size = Zstd.compressByteArray(compressed, 0, compressed.length, body, offset, length, LEVEL);
            if (Zstd.isError(size)) {
                throw new IllegalStateException("Zstandard cannot compress " + length + " bytes: " + Zstd.getErrorName(size));
            }
            if (size < length) {
                out.writeByte(ZSTD);
                out.writeLength(length);
                byte[] payload = Arrays.copyOf(out.buffer(), out.size() + (int) size);
                System.arraycopy(compressed, 0, payload, out.size(), (int) size);
                return payload;
            }
        }
        out.writeByte(NONE);
        out.writeLength(length);
        byte[] payload = Arrays.copyOf(out.buffer(), out.size() + length);
        System.arraycopy(body, offset, payload, out.size(), length);
        return payload;
    }

    /**
     * The body a payload of {@link #compress} holds, checked: the codec is known, the raw length is
     * the one the Zstandard frame declares (checked before anything of that size is allocated), and
     * the frame decompresses to exactly that many bytes.
     *
     * @param objectName the object the payload was read from, for the error
     * @param location the state location, for the error
     * @throws DamagedObjectException if the payload is not a body this version wrote, naming the object
     */
    public static byte[] decompress(byte[] payload, String objectName, String location) {
        BinaryReader in = new BinaryReader(payload);
        try {
            int codec = in.readByte();
            long rawLength = in.readUnsignedVarLong();
            int start = in.position();
            int stored = payload.length - start;
            if (codec == NONE) {
                if (rawLength != stored) {
                    throw damaged(objectName, location, "it declares " + rawLength + " bytes but holds " + stored);
                }
                return Arrays.copyOfRange(payload, start, payload.length);
            }
            if (codec != ZSTD) {
                throw damaged(objectName, location, "its compression codec " + codec + " is unknown (00: none, 01: Zstandard)");
            }
            long declared = Zstd.getFrameContentSize(payload, start, stored);
            if (rawLength > Integer.MAX_VALUE - 16 || declared != rawLength) {
                throw damaged(objectName, location, "it declares " + rawLength + " bytes, its Zstandard frame "
                        + (declared < 0 ? "none" : String.valueOf(declared)));
            }
            byte[] body = new byte[(int) rawLength];
            long size = Zstd.decompressByteArray(body, 0, body.length, payload, start, stored);
            if (Zstd.isError(size) || size != rawLength) {
                throw damaged(objectName, location, "its Zstandard frame does not decompress to the " + rawLength
                        + " bytes it declares" + (Zstd.isError(size) ? " (" + Zstd.getErrorName(size) + ")" : ""));
            }
            return body;
        } catch (DamagedObjectException e) {
            throw e;
        } catch (RuntimeException e) {
            throw damaged(objectName, location, "its compressed body cannot be read (" + e.getMessage() + ")");
        }
    }

    private static DamagedObjectException damaged(String objectName, String location, String why) {
        return new DamagedObjectException(objectName, "object " + objectName + " in state location " + location
                + " is damaged: " + why + "; restore it from a backup, or move the state location away to start afresh");
    }
}
