package dev.tideway.schema;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer that generated codecs write rows into.
 *
 * <p>Integers are written as zig-zag varints (small magnitudes take one byte), floating point
 * numbers as their IEEE bits, little-endian, strings as a varint byte length followed by UTF-8.
 * The format is the stable on-disk format of the write-ahead log and snapshots: change it only with
 * a new format version.
 *
 * <p>One writer is meant to be reused: {@link #reset()} keeps the allocated buffer.
 */
public final class BinaryWriter {
    private byte[] buffer;
    private int position;

    public BinaryWriter() {
        this(256);
    }

    public BinaryWriter(int initialCapacity) {
        this.buffer = new byte[Math.max(16, initialCapacity)];
    }

    /** Forgets what was written, keeping the buffer. */
    public BinaryWriter reset() {
        position = 0;
        return this;
    }

    /** The number of bytes written since the last reset. */
    public int size() {
        return position;
    }

    /** The internal buffer; only the first {@link #size()} bytes are meaningful. */
    public byte[] buffer() {
        return buffer;
    }

    /** A copy of the bytes written. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buffer, position);
    }

    private void ensure(int more) {
        int needed = position + more;
        if (needed > buffer.length) {
            if (needed < 0) {
                throw new CodecException("row too large to encode: more than 2 GiB");
            }
            buffer = Arrays.copyOf(buffer, Math.max(needed, buffer.length * 2));
        }
    }

    public void writeByte(int value) {
        ensure(1);
        buffer[position++] = (byte) value;
    }

    public void writeBoolean(boolean value) {
        writeByte(value ? 1 : 0);
    }

    /** An unsigned varint: 7 bits a byte, low bits first. */
    public void writeUnsignedVarLong(long value) {
        ensure(10);
        while ((value & ~0x7FL) != 0) {
            buffer[position++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        buffer[position++] = (byte) value;
    }

    /** A length or count: an unsigned varint of a non-negative int. */
    public void writeLength(int length) {
        if (length < 0) {
            throw new IllegalArgumentException("negative length " + length);
        }
        writeUnsignedVarLong(length);
    }

    public void writeInt(int value) {
        writeUnsignedVarLong(((value << 1) ^ (value >> 31)) & 0xFFFFFFFFL);
    }

    public void writeLong(long value) {
        writeUnsignedVarLong((value << 1) ^ (value >> 63));
    }

    /** Eight bytes, little-endian, whatever the value: for hashes and fixed-size fields. */
    public void writeFixedLong(long value) {
        ensure(8);
        for (int i = 0; i < 8; i++) {
            buffer[position++] = (byte) (value >>> (8 * i));
        }
    }

    /** Four bytes, little-endian. */
    public void writeFixedInt(int value) {
        ensure(4);
        for (int i = 0; i < 4; i++) {
            buffer[position++] = (byte) (value >>> (8 * i));
        }
    }

    public void writeFloat(float value) {
        writeFixedInt(Float.floatToRawIntBits(value));
    }

    public void writeDouble(double value) {
        writeFixedLong(Double.doubleToRawLongBits(value));
    }

    public void writeBytes(byte[] value) {
        writeLength(value.length);
        writeRaw(value, 0, value.length);
    }

    /** Bytes with no length prefix. */
    public void writeRaw(byte[] value, int offset, int length) {
        ensure(length);
        System.arraycopy(value, offset, buffer, position, length);
        position += length;
    }

    public void writeString(String value) {
        int length = value.length();
        if (length < 0x80) {
            // Fast path for short ASCII strings, the common case for keys and words: the length is one
            // varint byte, and the characters are copied in one pass with no intermediate byte[]
            ensure(1 + length);
            int start = position;
            buffer[position++] = (byte) length;
            for (int i = 0; i < length; i++) {
                char c = value.charAt(i);
                if (c >= 0x80) {
                    position = start;
                    writeBytes(value.getBytes(StandardCharsets.UTF_8));
                    return;
                }
                buffer[position++] = (byte) c;
            }
        } else {
            writeBytes(value.getBytes(StandardCharsets.UTF_8));
        }
    }
}
