package dev.tideway.internal.io.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * What the file system tells about a file without reading it: its size, its modification time, its
 * inode change time, and its file key (device and inode). Tools set the modification time back
 * ({@code cp -p}, {@code rsync -t}, {@code touch -r}, an archive extracted again); the change time
 * they cannot set, and the kernel moves it on every write, so a file rewritten in place with its
 * old size and modification time still shows a new stamp.
 *
 * @param size the length in bytes
 * @param modifiedNanos the modification time, nanoseconds since the epoch (as precise as the file
 *     system keeps it)
 * @param changedNanos the inode change time ({@code unix:ctime}), nanoseconds since the epoch, or
 *     {@link #UNKNOWN} where the file system has none (Windows)
 * @param fileKey the file key (on Unix {@code (dev=..,ino=..)}), or "" when there is none
 */
public record FileStamp(long size, long modifiedNanos, long changedNanos, String fileKey) {
    /** The change time of a file system without one. */
    public static final long UNKNOWN = Long.MIN_VALUE;

    private static final String UNIX_ATTRIBUTES = "unix:size,lastModifiedTime,ctime,fileKey";
    private static volatile boolean unixView = true;

    public FileStamp {
        Objects.requireNonNull(fileKey, "fileKey");
    }

    /**
     * Reads the stamp of a file: one {@code stat} call.
     *
     * @throws java.nio.file.NoSuchFileException if the file is gone
     */
    public static FileStamp read(Path file) throws IOException {
        if (unixView) {
            try {
                Map<String, Object> attributes = Files.readAttributes(file, UNIX_ATTRIBUTES);
                Object key = attributes.get("fileKey");
                return new FileStamp((Long) attributes.get("size"), nanos((FileTime) attributes.get("lastModifiedTime")),
                        nanos((FileTime) attributes.get("ctime")), key == null ? "" : key.toString());
            } catch (UnsupportedOperationException | IllegalArgumentException noUnixView) {
                unixView = false;
            }
        }
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        Object key = attributes.fileKey();
        return new FileStamp(attributes.size(), nanos(attributes.lastModifiedTime()), UNKNOWN, key == null ? "" : key.toString());
    }

    private static long nanos(FileTime time) {
        return time.to(TimeUnit.NANOSECONDS);
    }

    /**
     * Whether the file looks untouched since {@code other} was taken: same size, times and key. A
     * change time missing on either side is not compared.
     */
    public boolean sameAs(FileStamp other) {
        return size == other.size && modifiedNanos == other.modifiedNanos && fileKey.equals(other.fileKey)
                && (changedNanos == UNKNOWN || other.changedNanos == UNKNOWN || changedNanos == other.changedNanos);
    }

    /** The later of the modification and change times, in milliseconds since the epoch. */
    public long lastTouchedMillis() {
        long latest = changedNanos == UNKNOWN ? modifiedNanos : Math.max(modifiedNanos, changedNanos);
        return Math.floorDiv(latest, 1_000_000L);
    }
}
