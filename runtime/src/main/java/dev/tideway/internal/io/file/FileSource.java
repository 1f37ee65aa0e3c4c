package dev.tideway.internal.io.file;

import dev.tideway.DuplicateKeyPolicy;
import dev.tideway.spi.UnitShares;
import dev.tideway.spi.InputConnector;
import dev.tideway.spi.KnownUnits;
import dev.tideway.spi.UnitChanges;
import dev.tideway.schema.RowSchema;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import dev.tideway.spi.ParsedRows;
import dev.tideway.io.file.BadRow;
import dev.tideway.io.file.FileReadOptions;
import dev.tideway.spi.BadRowHandler;

/**
 * The common part of the connectors that read a file or a directory of files: the location, the
 * options, and the polling (see {@link FileDirectoryScanner}); a subclass only parses the text of
 * one file.
 *
 * @param <T> the row type
 */
public abstract class FileSource<T> implements InputConnector<T>, UnitShares<T> {
    /** The size of read buffers: large enough that reading a big file costs few system calls. */
    public static final int BUFFER_SIZE = 1 << 16;

    private final String kind;
    private final RowSchema<T> schema;
    private final FileReadOptions options;
    private final FileDirectoryScanner scanner;
    private final BadRowHandler badRows;

    protected FileSource(String kind, Path fileOrDirectory, RowSchema<T> schema, FileReadOptions options) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.schema = Objects.requireNonNull(schema, "schema");
        this.options = Objects.requireNonNull(options, "options");
        this.scanner = new FileDirectoryScanner(Objects.requireNonNull(fileOrDirectory, "fileOrDirectory"));
        this.badRows = options.badRowHandler();
    }

    /**
     * Appends the rows of one whole file, each with its line; bad rows go to {@link #badRows()}, and
     * rows on lines that are not UTF-8 (reported already) are skipped.
     */
    protected abstract void parse(UnitText text, String file, ParsedRows<T> rows) throws IOException;

    @Override
    public final RowSchema<T> schema() {
        return schema;
    }

    /** The kind and the absolute path, such as {@code csv:/data/words}. */
    @Override
    public final String location() {
        return kind + ":" + scanner.root();
    }

    @Override
    public final String kind() {
        return kind;
    }

    @Override
    public final boolean streaming() {
        return options.streaming();
    }

    @Override
    public final Duration pollInterval() {
        return options.pollInterval();
    }

    public final FileReadOptions options() {
        return options;
    }

    /** The file or directory read, absolute and normalized. */
    public final Path root() {
        return scanner.root();
    }

    @Override
    public final void poll(KnownUnits known, UnitChanges<T> changes) throws IOException {
        scanner.poll(known, changes, this::parse, badRows, options);
    }

    @Override
    public final DuplicateKeyPolicy duplicateKeys() {
        return options.duplicateKeys();
    }

    /** The file's path. */
    @Override
    public final String origin(String unit) {
        return scanner.pathOf(unit).toString();
    }

    /** Applies the bad-row policy: stops the run, or reports the row and skips it. */
    @Override
    public final void rejectRow(String unit, long line, String field, String value, String problem) {
        badRows.handle(new BadRow(unit == null ? root().toString() : origin(unit), line, 0, field, value, problem));
    }

    @Override
    public final long skippedRows() {
        return badRows.skipped();
    }

    protected final BadRowHandler badRows() {
        return badRows;
    }

    @Override
    public String toString() {
        return location();
    }

    /** This source's files whose names fall in share {@code share} of {@code shares}, parsed by this source. */
    @Override
    public final InputConnector<T> share(int share, int shares) {
        if (share < 0 || share >= shares) {
            throw new IllegalArgumentException("share " + share + " of " + shares + " does not exist (0 to " + (shares - 1) + ")");
        }
        return new Share(scanner.only(unit -> UnitShares.shareOf(unit, shares) == share));
    }

    /** A worker's share of the files: its own listing, this source's parsing, options and bad-row policy. */
    private final class Share implements InputConnector<T> {
        private final FileDirectoryScanner shareScanner;

        Share(FileDirectoryScanner shareScanner) {
            this.shareScanner = shareScanner;
        }

        @Override
        public RowSchema<T> schema() {
            return schema;
        }

        @Override
        public String location() {
            return FileSource.this.location();
        }

        @Override
        public String kind() {
            return kind;
        }

        @Override
        public boolean streaming() {
            return options.streaming();
        }

        @Override
        public Duration pollInterval() {
            return options.pollInterval();
        }

        @Override
        public void poll(KnownUnits known, UnitChanges<T> changes) throws IOException {
            shareScanner.poll(known, changes, FileSource.this::parse, badRows, options);
        }

        @Override
        public DuplicateKeyPolicy duplicateKeys() {
            return options.duplicateKeys();
        }

        @Override
        public String origin(String unit) {
            return FileSource.this.origin(unit);
        }

        @Override
        public void rejectRow(String unit, long line, String field, String value, String problem) {
            FileSource.this.rejectRow(unit, line, field, value, problem);
        }

        @Override
        public long skippedRows() {
            return 0;
        }

        @Override
        public String toString() {
            return location();
        }
    }
}
