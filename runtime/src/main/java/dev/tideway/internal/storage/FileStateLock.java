package dev.tideway.internal.storage;

import dev.tideway.persistence.PersistenceException;
import dev.tideway.persistence.StateLock;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An operating-system lock on {@code <root>/.lock}: held while the channel is open, released by the
 * OS if the process dies, so a crashed run never leaves a stale lock. The holder's process id is
 * written into the file ({@code tideway-lock 1\npid=<pid>\n}, see {@link ObjectFormat#LOCK}) only to
 * make the refusal message useful; the lock itself is the operating system's, whatever the file says.
 */
final class FileStateLock implements StateLock {
    private final FileChannel channel;
    private final FileLock lock;

    private FileStateLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static StateLock acquire(Path root, Path lockFile) {
        FileChannel channel;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new PersistenceException("cannot open the lock file " + lockFile + " of state location " + root + ": "
                    + FileSystemBackend.reason(e) + "; check that the location is writable", e);
        }
        try {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                throw new PersistenceException("state location " + root
                        + " is already in use by another run in this process; a state location serves one run at a time");
            }
            if (lock == null) {
                throw new PersistenceException("state location " + root + " is in use by another process"
                        + holder(channel) + "; stop that process, or give this run another state location");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(ObjectFormat.LOCK.prefix(("pid=" + ProcessHandle.current().pid() + "\n")
                    .getBytes(StandardCharsets.US_ASCII))), 0);
            return new FileStateLock(channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new PersistenceException("cannot lock state location " + root + " (lock file " + lockFile + "): "
                    + FileSystemBackend.reason(e) + "; check that the file system supports locks", e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private static String holder(FileChannel channel) {
        try {
            ByteBuffer buffer = ByteBuffer.allocate(64);
            channel.read(buffer, 0);
            return holderOf(new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * The holder named by a lock file's text, for the refusal message: {@code tideway-lock 1\npid=123\n},
     * or the pid alone (format 0); empty when it names none (a newer format names it alike).
     */
    static String holderOf(String text) {
        String pid = text.trim();
        if (pid.startsWith(ObjectFormat.MAGIC_PREFIX)) {
            int at = pid.indexOf("\npid=");
            pid = at < 0 ? "" : pid.substring(at + "\npid=".length()).trim();
        }
        return pid.matches("[0-9]{1,19}") ? " (process " + pid + ")" : "";
    }

    @Override
    public void close() {
        if (!channel.isOpen()) {
            return;
        }
        try {
            lock.release();
        } catch (IOException e) {
            // closing the channel releases it too
        } finally {
            closeQuietly(channel);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }
}
