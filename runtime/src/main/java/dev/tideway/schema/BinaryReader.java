package dev.tideway.schema;

import java.nio.charset.StandardCharsets;

/**
 * Reads what a {@link BinaryWriter} wrote. Every read checks that the bytes it needs are there, and
 * every length is checked against the bytes left before anything is allocated, so truncated or
 * corrupt input fails with a {@link CodecException} naming the offset, never with an
 * {@code OutOfMemoryError} or an array index error.
 */
public final class BinaryReader {
    private final byte[] buffer;
    private final int limit;
    private int position;

    public BinaryReader(byte[] buffer) {
        this(buffer, 0, buffer.length);
    }

    public BinaryReader(byte[] buffer, int offset, int length) {
        if (offset < 0 || length < 0 || offset + length > buffer.length) {
            throw new IllegalArgumentException("range " + offset + "+" + length + " outside " + buffer.length + " bytes");
        }
        this.buffer = buffer;
        this.position = offset;
        this.limit = offset + length;
    }

    public int position() {
        return position;
    }

    public int remaining() {
        return limit - position;
    }

    public boolean hasRemaining() {
        return position < limit;
    }

    private void require(int count, String what) {
        if (count > limit - position) {
            throw new CodecException("truncated input: " + what + " needs " + count + " bytes at offset "
                    + position + ", only " + (limit - position) + " left");
        }
    }

    /** Whether the next bytes are {@code expected}: if so they are read, and if not nothing is. */
    public boolean skipIfNext(byte[] expected) {
        if (expected.length > limit - position) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (buffer[position + i] != expected[i]) {
                return false;
            }
        }
        position += expected.length;
        return true;
    }

    public int readByte() {
        require(1, "a byte");
        return buffer[position++];
    }

    public boolean readBoolean() {
        int value = readByte();
        if (value != 0 && value != 1) {
            throw new CodecException("corrupt input: boolean byte " + value + " at offset " + (position - 1));
        }
        return value == 1;
    }

    public long readUnsignedVarLong() {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            require(1, "a varint");
            byte b = buffer[position++];
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new CodecException("corrupt input: varint longer than 10 bytes at offset " + position);
    }

    /** A length or count, checked to be at most the bytes left times {@code minBytesPerItem}. */
    public int readLength(int minBytesPerItem) {
        int start = position;
        long length = readUnsignedVarLong();
        if (length < 0 || length > Integer.MAX_VALUE) {
            throw new CodecException("corrupt input: length " + length + " at offset " + start);
        }
        if (minBytesPerItem > 0 && length * minBytesPerItem > limit - position) {
            throw new CodecException("truncated or corrupt input: length " + length + " at offset " + start
                    + " needs at least " + length * minBytesPerItem + " bytes, only " + (limit - position) + " left");
        }
        return (int) length;
    }

    public int readInt() {
        long raw = readUnsignedVarLong();
        if ((raw >>> 32) != 0) {
            throw new CodecException("corrupt input: int varint out of range at offset " + position);
        }
        int value = (int) raw;
        return (value >>> 1) ^ -(value & 1);
    }

    public long readLong() {
        long raw = readUnsignedVarLong();
        return (raw >>> 1) ^ -(raw & 1);
    }

    public long readFixedLong() {
        require(8, "a fixed long");
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value |= (buffer[position++] & 0xFFL) << (8 * i);
        }
        return value;
    }

    public int readFixedInt() {
        require(4, "a fixed int");
        int value = 0;
        for (int i = 0; i < 4; i++) {
            value |= (buffer[position++] & 0xFF) << (8 * i);
        }
        return value;
    }

    public float readFloat() {
        return Float.intBitsToFloat(readFixedInt());
    }

    public double readDouble() {
        return Double.longBitsToDouble(readFixedLong());
    }

    public byte[] readBytes() {
        int length = readLength(1);
        byte[] value = new byte[length];
        System.arraycopy(buffer, position, value, 0, length);
        position += length;
        return value;
    }

    /** A copy of every byte left, which are then read. */
    public byte[] readRemaining() {
        byte[] value = java.util.Arrays.copyOfRange(buffer, position, limit);
        position = limit;
        return value;
    }

    public String readString() {
        int length = readLength(1);
        String value = new String(buffer, position, length, StandardCharsets.UTF_8);
        position += length;
        return value;
    }

    /** Fails unless every byte was read: a row followed by garbage is corrupt too. */
    public void requireEnd() {
        if (position != limit) {
            throw new CodecException("corrupt input: " + (limit - position) + " unexpected bytes after the value at offset " + position);
        }
    }
}
