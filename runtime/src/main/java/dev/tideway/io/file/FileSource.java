package dev.tideway.io.file;

import dev.tideway.engine.input.InputConnector;
import dev.tideway.engine.input.KnownUnits;
import dev.tideway.engine.input.UnitChanges;
import dev.tideway.schema.RowSchema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The common part of the connectors that read a file or a directory of files: the location, the
 * options, and the polling; a subclass only reads one file.
 *
 * @param <T> the row type
 */
public abstract class FileSource<T> implements InputConnector<T> {
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

    /** Appends the rows of one whole file, reporting bad rows to {@link #badRows()}. */
    protected abstract void readFile(Path file, List<T> rows) throws IOException;

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
        scanner.poll(known, changes, this::readFile, !options.streaming());
    }

    protected final BadRowHandler badRows() {
        return badRows;
    }

    /** A buffered UTF-8 reader of a file that fails on malformed input rather than replacing it. */
    protected static BufferedReader openText(Path file) throws IOException {
        return new BufferedReader(
                new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8.newDecoder()), BUFFER_SIZE);
    }

    @Override
    public String toString() {
        return location();
    }
}
