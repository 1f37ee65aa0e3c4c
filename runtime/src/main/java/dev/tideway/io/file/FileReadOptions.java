package dev.tideway.io.file;

import dev.tideway.DuplicateKeyPolicy;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import dev.tideway.spi.BadRowHandler;

/**
 * How a file or a directory is read: streaming (polled until the run stops, the default) or static
 * (read once), the poll interval, the persistent id of the source, what to do with bad rows and
 * with rows whose primary key another row holds, and how long a streaming read waits for the line
 * break of an incomplete last line. Immutable: each {@code with...} method returns a copy.
 *
 * <pre>{@code
 * FileReadOptions options = FileReadOptions.defaults()
 *         .withPollInterval(Duration.ofSeconds(2))
 *         .withBadRows(BadRowPolicy.SKIP);
 * Table<Event> events = JsonLines.read(Path.of("events"), Event_.SCHEMA, options);
 * // later: options.skippedRows() tells how many bad rows were skipped
 * }</pre>
 *
 * <p>The count of skipped rows is shared by an options object and every copy made from it, across
 * every source read with them; call {@link #defaults()} again for a separate count.
 */
public final class FileReadOptions {
    /** The poll interval of streaming sources unless set. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(500);
    /** How long a streaming read waits for the line break of a file's last line unless set. */
    public static final Duration DEFAULT_INCOMPLETE_LINE_TIMEOUT = Duration.ofSeconds(10);

    private final boolean streaming;
    private final Duration pollInterval;
    private final String persistentId;
    private final BadRowPolicy badRows;
    private final Consumer<? super BadRow> badRowConsumer;
    private final AtomicLong skipped;
    private final DuplicateKeyPolicy duplicateKeys;
    private final Duration incompleteLineTimeout;

    private FileReadOptions(boolean streaming, Duration pollInterval, String persistentId, BadRowPolicy badRows,
            Consumer<? super BadRow> badRowConsumer, AtomicLong skipped, DuplicateKeyPolicy duplicateKeys,
            Duration incompleteLineTimeout) {
        this.streaming = streaming;
        this.pollInterval = pollInterval;
        this.persistentId = persistentId;
        this.badRows = badRows;
        this.badRowConsumer = badRowConsumer;
        this.skipped = skipped;
        this.duplicateKeys = duplicateKeys;
        this.incompleteLineTimeout = incompleteLineTimeout;
    }

    /**
     * Streaming, polled every 500 ms, no explicit persistent id, stop on the first bad row, a
     * duplicate primary key is a bad row, an incomplete last line waits 10 s for its line break.
     */
    public static FileReadOptions defaults() {
        return new FileReadOptions(true, DEFAULT_POLL_INTERVAL, null, BadRowPolicy.STOP, null, new AtomicLong(),
                DuplicateKeyPolicy.REJECT, DEFAULT_INCOMPLETE_LINE_TIMEOUT);
    }

    private FileReadOptions with(boolean newStreaming, Duration newPollInterval, String newPersistentId,
            BadRowPolicy newBadRows, Consumer<? super BadRow> newConsumer, DuplicateKeyPolicy newDuplicateKeys,
            Duration newIncompleteLineTimeout) {
        return new FileReadOptions(newStreaming, newPollInterval, newPersistentId, newBadRows, newConsumer, skipped,
                newDuplicateKeys, newIncompleteLineTimeout);
    }

    /** {@code true}: poll the location until the run stops; {@code false}: read it once. */
    public FileReadOptions withStreaming(boolean newStreaming) {
        return with(newStreaming, pollInterval, persistentId, badRows, badRowConsumer, duplicateKeys, incompleteLineTimeout);
    }

    /** The time between two polls of a streaming source. */
    public FileReadOptions withPollInterval(Duration interval) {
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the poll interval must be positive, not " + interval);
        }
        return with(streaming, interval, persistentId, badRows, badRowConsumer, duplicateKeys, incompleteLineTimeout);
    }

    /**
     * The id under which the source is persisted, so that a later run continues it. Without one, the
     * id of the enclosing {@code @PersistentSource} method is used, or else one by order of creation.
     */
    public FileReadOptions withPersistentId(String id) {
        Objects.requireNonNull(id, "id");
        if (id.isBlank()) {
            throw new IllegalArgumentException("a persistent id must not be blank");
        }
        return with(streaming, pollInterval, id, badRows, badRowConsumer, duplicateKeys, incompleteLineTimeout);
    }

    /** What to do with a row that cannot be read; {@link BadRowPolicy#STOP} unless set. */
    public FileReadOptions withBadRows(BadRowPolicy policy) {
        Objects.requireNonNull(policy, "policy");
        return with(streaming, pollInterval, persistentId, policy, badRowConsumer, duplicateKeys, incompleteLineTimeout);
    }

    /**
     * Also hands every skipped row to {@code consumer} (an errors sink), on the thread that polls
     * the source. Only called under {@link BadRowPolicy#SKIP}.
     */
    public FileReadOptions withBadRowConsumer(Consumer<? super BadRow> consumer) {
        Objects.requireNonNull(consumer, "consumer");
        return with(streaming, pollInterval, persistentId, badRows, consumer, duplicateKeys, incompleteLineTimeout);
    }

    /**
     * What to do with a row whose {@code @PrimaryKey} another row of the source holds (in the same
     * file, another file, or a file read by an earlier run): {@link DuplicateKeyPolicy#REJECT} (the
     * default) makes it a bad row, which the bad-row policy stops on or skips; {@link
     * DuplicateKeyPolicy#UPSERT} lets the later row replace the earlier. Rows without a primary key
     * have no duplicates.
     */
    public FileReadOptions withDuplicateKeys(DuplicateKeyPolicy policy) {
        Objects.requireNonNull(policy, "policy");
        return with(streaming, pollInterval, persistentId, badRows, badRowConsumer, policy, incompleteLineTimeout);
    }

    /**
     * How long a streaming read waits for the line break of a file's last line. A last line without
     * its line break is being written, so it is not read until the file ends with a line break, or
     * has not changed (modification and inode change times) for this long; a static read takes it at
     * once. 10 s unless set.
     */
    public FileReadOptions withIncompleteLineTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("the incomplete-line timeout must not be negative, not " + timeout);
        }
        return with(streaming, pollInterval, persistentId, badRows, badRowConsumer, duplicateKeys, timeout);
    }

    public boolean streaming() {
        return streaming;
    }

    public Duration pollInterval() {
        return pollInterval;
    }

    public Optional<String> persistentId() {
        return Optional.ofNullable(persistentId);
    }

    public BadRowPolicy badRows() {
        return badRows;
    }

    public DuplicateKeyPolicy duplicateKeys() {
        return duplicateKeys;
    }

    public Duration incompleteLineTimeout() {
        return incompleteLineTimeout;
    }

    /** How many bad rows the sources read with these options (or copies of them) have skipped. */
    public long skippedRows() {
        return skipped.get();
    }

    /** The handler that applies these options to bad rows, for connectors. */
    public BadRowHandler badRowHandler() {
        return new BadRowHandler(badRows, skipped, badRowConsumer);
    }

    @Override
    public String toString() {
        return "FileReadOptions[" + (streaming ? "streaming, poll every " + pollInterval.toMillis() + " ms" : "static")
                + (persistentId == null ? "" : ", id " + persistentId) + ", bad rows " + badRows + ", duplicate keys "
                + duplicateKeys + "]";
    }
}
