package dev.tideway.internal.io.file;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The position a file was read at, as the engine persists it: the file's {@linkplain FileStamp
 * stamp} when it was read, a {@linkplain ContentChecksum checksum} of the bytes read, and two flags.
 *
 * <p>A file whose stamp is the same is not read again, unless the stamp was <em>racily clean</em>
 * (as git calls it): its times were so close to the moment the file was read that a write in the
 * same timestamp tick, after the read, would leave them unchanged. Such a file's content is
 * compared with the checksum at the next poll. A file whose stamp differs but whose size does not is
 * compared by content too: the same bytes (a moved or copied file, a file touched) are not read
 * again.
 *
 * @param stamp the file's stamp, taken before it was read; its size is the number of bytes read
 * @param checksum the checksum of the bytes read, or null for a position written before checksums
 * @param racy whether the stamp was too recent to be trusted when the file was read
 * @param incompleteLine whether the file ended in a line without its line break, which was not read
 */
public record FilePosition(FileStamp stamp, Long checksum, boolean racy, boolean incompleteLine) {
    /** Version 1: size, modification time and file key. */
    private static final byte VERSION_1 = 1;
    private static final byte VERSION = 2;
    private static final int RACY = 1;
    private static final int INCOMPLETE_LINE = 2;
    private static final int HAS_CHECKSUM = 4;

    public FilePosition {
        Objects.requireNonNull(stamp, "stamp");
    }

    /** The persisted bytes. */
    public byte[] encode() {
        byte[] key = stamp.fileKey().getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + 8 + 8 + 8 + 1 + 8 + key.length)
                .put(VERSION)
                .putLong(stamp.size())
                .putLong(stamp.modifiedNanos())
                .putLong(stamp.changedNanos())
                .put((byte) ((racy ? RACY : 0) | (incompleteLine ? INCOMPLETE_LINE : 0) | (checksum == null ? 0 : HAS_CHECKSUM)))
                .putLong(checksum == null ? 0 : checksum)
                .put(key)
                .array();
    }

    /** The position {@link #encode} wrote (or version 1 wrote, without checksum), or null for null or unknown bytes. */
    public static FilePosition decode(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return null;
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        byte version = in.get();
        if (version == VERSION_1 && bytes.length >= 17) {
            long size = in.getLong();
            long modified = in.getLong();
            String key = new String(bytes, 17, bytes.length - 17, StandardCharsets.UTF_8);
            return new FilePosition(new FileStamp(size, modified, FileStamp.UNKNOWN, key), null, false, false);
        }
        if (version != VERSION || bytes.length < 1 + 24 + 1 + 8) {
            return null;
        }
        long size = in.getLong();
        long modified = in.getLong();
        long changed = in.getLong();
        int flags = in.get();
        long checksum = in.getLong();
        String key = new String(bytes, in.position(), in.remaining(), StandardCharsets.UTF_8);
        return new FilePosition(new FileStamp(size, modified, changed, key), (flags & HAS_CHECKSUM) != 0 ? checksum : null,
                (flags & RACY) != 0, (flags & INCOMPLETE_LINE) != 0);
    }

    /** Whether bytes of this length and checksum are the content that was read. */
    public boolean sameContent(long length, long otherChecksum) {
        return checksum != null && stamp.size() == length && checksum == otherChecksum;
    }

    @Override
    public String toString() {
        return "FilePosition[" + stamp + (racy ? ", racy" : "") + (incompleteLine ? ", incomplete last line" : "") + "]";
    }
}
