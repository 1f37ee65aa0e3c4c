package dev.tideway.internal.io.file;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An output file that a sink appends to and commits: a commit makes every byte written so far
 * durable and returns the file's length, which persistence records. A later run opens the file at
 * that length, cutting off what was written after the commit, so the file holds every change
 * exactly once even after a crash.
 *
 * <pre>{@code
 * CommittedFileWriter out = CommittedFileWriter.open(Path.of("out.jsonl"), -1);  // truncate
 * out.stream().write(bytes);
 * long length = out.commit();          // durable; persist it, reopen with open(file, length)
 * }</pre>
 */
public final class CommittedFileWriter implements Closeable {
    private final Path file;
    private final FileChannel channel;
    private final BufferedChannelStream stream;

    private CommittedFileWriter(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
        this.stream = new BufferedChannelStream();
    }

    /**
     * Opens {@code file} for appending.
     *
     * @param committedPosition -1 to create the file or empty it; otherwise the length a commit
     *     returned, to which the file is cut back before writing goes on
     * @throws IOException if the file is shorter than {@code committedPosition}: it was changed
     *     outside Tideway, and continuing would lose or duplicate changes
     */
    public static CommittedFileWriter open(Path file, long committedPosition) throws IOException {
        Path absolute = file.toAbsolutePath().normalize();
        if (committedPosition < -1) {
            throw new IllegalArgumentException("committed position " + committedPosition + " of " + absolute + " is negative");
        }
        if (committedPosition == -1) {
            Path parent = absolute.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            FileChannel channel = FileChannel.open(absolute,
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
            return new CommittedFileWriter(absolute, channel);
        }
        if (committedPosition > 0 && !Files.exists(absolute)) {
            throw new IOException("cannot continue writing " + absolute + ": the file is gone, but the last run committed "
                    + committedPosition + " bytes to it; it was removed outside Tideway. Restore it, or start afresh"
                    + " without the persisted state");
        }
        FileChannel channel = FileChannel.open(absolute, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            long size = channel.size();
            if (size < committedPosition) {
                throw new IOException("cannot continue writing " + absolute + ": it is " + size
                        + " bytes long, shorter than the " + committedPosition + " bytes the last run committed;"
                        + " it was changed outside Tideway. Restore it, or start afresh without the persisted state");
            }
            channel.truncate(committedPosition);
            channel.position(committedPosition);
            return new CommittedFileWriter(absolute, channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** The file, absolute. */
    public Path file() {
        return file;
    }

    /** Where the sink writes: buffered, so that small writes cost no system call. */
    public OutputStream stream() {
        return stream;
    }

    /** The length the file has with everything written so far, committed or not. */
    public long length() throws IOException {
        return channel.position() + stream.count;
    }

    /**
     * Writes out what is buffered, forces it and the file's length to the storage device, and
     * returns the length. Whoever writes through a buffer of their own flushes it first.
     */
    public long commit() throws IOException {
        stream.flush();
        channel.force(true);
        return channel.position();
    }

    /** Writes out what is buffered (without forcing it) and closes the file. */
    @Override
    public void close() throws IOException {
        try {
            stream.flush();
        } finally {
            channel.close();
        }
    }

    private final class BufferedChannelStream extends OutputStream {
        private final ByteBuffer buffer = ByteBuffer.allocate(FileSource.BUFFER_SIZE);
        private int count;

        @Override
        public void write(int b) throws IOException {
            if (count == buffer.capacity()) {
                flush();
            }
            buffer.put(count++, (byte) b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (length > buffer.capacity() - count) {
                flush();
                if (length > buffer.capacity()) {
                    writeFully(ByteBuffer.wrap(bytes, offset, length));
                    return;
                }
            }
            buffer.put(count, bytes, offset, length);
            count += length;
        }

        @Override
        public void flush() throws IOException {
            if (count > 0) {
                writeFully(buffer.clear().limit(count));
                buffer.clear();
                count = 0;
            }
        }

        private void writeFully(ByteBuffer bytes) throws IOException {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        }
    }
}
