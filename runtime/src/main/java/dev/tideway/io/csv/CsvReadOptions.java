package dev.tideway.io.csv;

import dev.tideway.DuplicateKeyPolicy;
import dev.tideway.io.file.BadRow;
import dev.tideway.io.file.BadRowPolicy;
import dev.tideway.io.file.FileReadOptions;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * How CSV files are read: the {@linkplain FileReadOptions file options} (streaming or static, poll
 * interval, persistent id, bad rows) and the delimiter. Immutable: each {@code with...} method
 * returns a copy.
 *
 * <pre>{@code
 * CsvReadOptions options = CsvReadOptions.defaults()
 *         .withStreaming(false)
 *         .withDelimiter(';')
 *         .withBadRows(BadRowPolicy.SKIP);
 * Table<Person> people = Csv.read(Path.of("people"), Person_.SCHEMA, options);
 * }</pre>
 */
public final class CsvReadOptions {
    private final FileReadOptions file;
    private final char delimiter;

    private CsvReadOptions(FileReadOptions file, char delimiter) {
        this.file = file;
        this.delimiter = delimiter;
    }

    /** Streaming, polled every 500 ms, comma-delimited, stop on the first bad row. */
    public static CsvReadOptions defaults() {
        return new CsvReadOptions(FileReadOptions.defaults(), ',');
    }

    /** CSV reading with the given file options and a comma delimiter. */
    public static CsvReadOptions of(FileReadOptions fileOptions) {
        return new CsvReadOptions(Objects.requireNonNull(fileOptions, "fileOptions"), ',');
    }

    /** The cell delimiter, {@code ,} unless set. */
    public CsvReadOptions withDelimiter(char newDelimiter) {
        if (newDelimiter == '"' || newDelimiter == '\n' || newDelimiter == '\r') {
            throw new IllegalArgumentException("a CSV delimiter cannot be a quote or a line break");
        }
        return new CsvReadOptions(file, newDelimiter);
    }

    /** @see FileReadOptions#withStreaming */
    public CsvReadOptions withStreaming(boolean streaming) {
        return new CsvReadOptions(file.withStreaming(streaming), delimiter);
    }

    /** @see FileReadOptions#withPollInterval */
    public CsvReadOptions withPollInterval(Duration interval) {
        return new CsvReadOptions(file.withPollInterval(interval), delimiter);
    }

    /** @see FileReadOptions#withPersistentId */
    public CsvReadOptions withPersistentId(String id) {
        return new CsvReadOptions(file.withPersistentId(id), delimiter);
    }

    /** @see FileReadOptions#withBadRows */
    public CsvReadOptions withBadRows(BadRowPolicy policy) {
        return new CsvReadOptions(file.withBadRows(policy), delimiter);
    }

    /** @see FileReadOptions#withBadRowConsumer */
    public CsvReadOptions withBadRowConsumer(Consumer<? super BadRow> consumer) {
        return new CsvReadOptions(file.withBadRowConsumer(consumer), delimiter);
    }

    /** @see FileReadOptions#withDuplicateKeys */
    public CsvReadOptions withDuplicateKeys(DuplicateKeyPolicy policy) {
        return new CsvReadOptions(file.withDuplicateKeys(policy), delimiter);
    }

    /** @see FileReadOptions#withIncompleteLineTimeout */
    public CsvReadOptions withIncompleteLineTimeout(Duration timeout) {
        return new CsvReadOptions(file.withIncompleteLineTimeout(timeout), delimiter);
    }

    public char delimiter() {
        return delimiter;
    }

    /** The options every file source shares. */
    public FileReadOptions fileOptions() {
        return file;
    }

    public boolean streaming() {
        return file.streaming();
    }

    public Duration pollInterval() {
        return file.pollInterval();
    }

    public Optional<String> persistentId() {
        return file.persistentId();
    }

    public BadRowPolicy badRows() {
        return file.badRows();
    }

    public DuplicateKeyPolicy duplicateKeys() {
        return file.duplicateKeys();
    }

    /** @see FileReadOptions#skippedRows */
    public long skippedRows() {
        return file.skippedRows();
    }

    @Override
    public String toString() {
        return "CsvReadOptions[delimiter '" + delimiter + "', " + file + "]";
    }
}
