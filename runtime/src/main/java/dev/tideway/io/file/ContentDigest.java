package dev.tideway.io.file;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The SHA-256 digest of a file's bytes, which tells whether a file whose stamp changed holds what
 * was read before. SHA-256 is in every JDK, and hardware-accelerated on current CPUs.
 */
final class ContentDigest {
    private ContentDigest() {}

    /** A new SHA-256 digest. */
    static MessageDigest create() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA-256, which every Java platform must have", e);
        }
    }

    /**
     * The digest of the first {@code length} bytes of {@code file}, or null if the file is shorter.
     *
     * @throws java.nio.file.NoSuchFileException if the file is gone
     */
    static byte[] of(Path file, long length) throws IOException {
        MessageDigest digest = create();
        byte[] buffer = new byte[FileSource.BUFFER_SIZE];
        long left = length;
        try (InputStream in = Files.newInputStream(file)) {
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    return null;
                }
                digest.update(buffer, 0, n);
                left -= n;
            }
        }
        return digest.digest();
    }
}
