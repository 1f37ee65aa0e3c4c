package dev.tideway.internal.io.file;

import dev.tideway.io.file.FileWriteOptions;
import dev.tideway.spi.OutputConnector;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What the file sinks share: one file, written through a {@link CommittedFileWriter} (cut back to
 * its committed length when opened, forced at each commit), named {@code <kind>:<absolute path>},
 * written by one sink at a time, and known by {@link FileWriteOptions}' persistent id when it has
 * one. A format writes its lines over {@link CommittedFileWriter#stream()} and flushes them when
 * asked; the rest is here.
 *
 * <p>Used on the run's thread only (a sink writes from one worker).
 *
 * @param <T> the row type
 */
public abstract class FileSink<T> implements OutputConnector<T> {
    private final String kind;
    private final Path file;
    private final FileWriteOptions options;
    private CommittedFileWriter out;

    protected FileSink(String kind, Path file, FileWriteOptions options) {
        this.kind = kind;
        this.file = Objects.requireNonNull(file, "file").toAbsolutePath().normalize();
        this.options = Objects.requireNonNull(options, "options");
    }

    /** The file written, absolute and normalized. */
    public final Path file() {
        return file;
    }

    /** The names of the time and diff columns, and the persistent id. */
    public final FileWriteOptions options() {
        return options;
    }

    @Override
    public final String name() {
        return kind + ":" + file;
    }

    @Override
    public final boolean exclusive() {
        return true;
    }

    @Override
    public final String persistentName() {
        return options.persistentName(name());
    }

    @Override
    public final String definition() {
        return options.definition(kind, name());
    }

    @Override
    public final void open(long committedPosition) throws IOException {
        out = CommittedFileWriter.open(file, committedPosition);
        opened(out);
    }

    /** Sets the format's writer up over {@code out}'s stream (a header when {@code out} is empty). */
    protected abstract void opened(CommittedFileWriter out) throws IOException;

    /** Hands what the format's writer buffers to the stream. */
    protected abstract void flush() throws IOException;

    @Override
    public final long commit() throws IOException {
        flush();
        return out.commit();
    }

    @Override
    public final void close() throws IOException {
        if (out != null) {
            try {
                flush();
            } finally {
                out.close();
                out = null;
            }
        }
    }
}
