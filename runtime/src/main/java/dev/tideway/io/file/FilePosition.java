package dev.tideway.io.file;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;

/**
 * The position a file was read at: its size, its modification time and its file key (device and
 * inode where the file system has them). A file whose position differs from the one the engine holds
 * has changed, or was replaced by another file of the same name, and is read again.
 */
public final class FilePosition {
    private static final byte VERSION = 1;

    private FilePosition() {}

    /** The position of a file with these attributes, as persisted bytes. */
    public static byte[] of(BasicFileAttributes attributes) {
        Object fileKey = attributes.fileKey();
        byte[] key = fileKey == null ? new byte[0] : fileKey.toString().getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + 8 + 8 + key.length)
                .put(VERSION)
                .putLong(attributes.size())
                .putLong(attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS))
                .put(key)
                .array();
    }
}
