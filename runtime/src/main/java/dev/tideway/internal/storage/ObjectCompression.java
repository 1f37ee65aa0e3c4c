package dev.tideway.internal.storage;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import dev.tideway.schema.BinaryReader;
import dev.tideway.schema.BinaryWriter;
import java.util.Arrays;

/**
 * The compressed body of unit rows and log segments (format 2 on) and snapshot states (format 3 on): a
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
 * byte[] object = ObjectFormat.UNIT_ROWS.prefix(Frames.frame(payload));     // as FramedObject.write makes it, in one copy
 * byte[] back = ObjectCompression.decompress(payload, name, backend.describe());
 * }</pre>
 *
 * <p>Thread-safe: each thread compresses with a Zstandard context of its own, kept for its life.
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

    /** Scratch space a thread keeps between objects up to this size; a larger object's is dropped after it. */
    private static final int KEPT_SCRATCH = 8 << 20;
    private static final ThreadLocal<Compressor> COMPRESSOR = ThreadLocal.withInitial(Compressor::new);

    /** A thread's Zstandard context (made once: making one per object costs more than small objects' compression) and scratch space. */
    private static final class Compressor {
        final ZstdCompressCtx context = new ZstdCompressCtx().setLevel(LEVEL).setContentSize(true);
        byte[] scratch = new byte[0];
    }

    /** The payload holding {@code body[offset, offset + length)}: compressed when that makes it smaller. */
    public static byte[] compress(byte[] body, int offset, int length) {
        return framed(new byte[0], false, body, offset, length);
    }

    /**
     * {@code header}, then one frame ({@link Frames}) whose payload holds {@code body[offset, offset + length)}
     * compressed when that makes it smaller, as one new array: the object a format-2 store writes.
     */
    static byte[] framedObject(byte[] header, byte[] body, int offset, int length) {
        return framed(header, true, body, offset, length);
    }

    private static byte[] framed(byte[] header, boolean frame, byte[] body, int offset, int length) {
        if (length >= MIN_COMPRESSED) {
            Compressor compressor = COMPRESSOR.get();
            int bound = (int) Math.min(Integer.MAX_VALUE - 16, Zstd.compressBound(length));
            byte[] scratch = compressor.scratch.length >= bound ? compressor.scratch : new byte[bound];
            if (bound <= KEPT_SCRATCH) {
                compressor.scratch = scratch;
            }
            int size = compressor.context.compressByteArray(scratch, 0, bound, body, offset, length);
            if (size < length) {
                return assemble(header, frame, ZSTD, length, scratch, 0, size);
            }
        }
        return assemble(header, frame, NONE, length, body, offset, length);
    }

    /** {@code header}, a frame's length and checksum (when {@code frame}), then the payload {@code codec rawLength data}. */
    private static byte[] assemble(byte[] header, boolean frame, byte codec, int rawLength, byte[] data, int offset, int size) {
        BinaryWriter lead = new BinaryWriter(16);
        lead.writeByte(codec);
        lead.writeLength(rawLength);
        int payloadStart = header.length + (frame ? Frames.HEADER_BYTES : 0);
        int payloadLength = lead.size() + size;
        byte[] object = new byte[payloadStart + payloadLength];
        System.arraycopy(header, 0, object, 0, header.length);
        System.arraycopy(lead.buffer(), 0, object, payloadStart, lead.size());
        System.arraycopy(data, offset, object, payloadStart + lead.size(), size);
        if (frame) {
            writeFixedInt(object, header.length, payloadLength);
            writeFixedInt(object, header.length + 4, Frames.checksum(object, payloadStart, payloadLength));
        }
        return object;
    }

    private static void writeFixedInt(byte[] into, int at, int value) {
        into[at] = (byte) value;
        into[at + 1] = (byte) (value >>> 8);
        into[at + 2] = (byte) (value >>> 16);
        into[at + 3] = (byte) (value >>> 24);
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
