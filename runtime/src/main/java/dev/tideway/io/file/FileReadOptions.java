package dev.tideway.io.file;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * How a file or a directory is read: streaming (polled until the run stops, the default) or static
 * (read once), the poll interval, the persistent id of the source, and what to do with bad rows.
 * Immutable: each {@code with...} method returns a copy.
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

    private final boolean streaming;
    private final Duration pollInterval;
    private final String persistentId;
    private final BadRowPolicy badRows;
    private final Consumer<? super BadRow> badRowConsumer;
    private final AtomicLong skipped;

    private FileReadOptions(boolean streaming, Duration pollInterval, String persistentId, BadRowPolicy badRows,
            Consumer<? super BadRow> badRowConsumer, AtomicLong skipped) {
        this.streaming = streaming;
        this.pollInterval = pollInterval;
        this.persistentId = persistentId;
        this.badRows = badRows;
        this.badRowConsumer = badRowConsumer;
        this.skipped = skipped;
    }

    /** Streaming, polled every 500 ms, no explicit persistent id, stop on the first bad row. */
    public static FileReadOptions defaults() {
        return new FileReadOptions(true, DEFAULT_POLL_INTERVAL, null, BadRowPolicy.STOP, null, new AtomicLong());
    }

    /** {@code true}: poll the location until the run stops; {@code false}: read it once. */
    public FileReadOptions withStreaming(boolean newStreaming) {
        return new FileReadOptions(newStreaming, pollInterval, persistentId, badRows, badRowConsumer, skipped);
    }

    /** The time between two polls of a streaming source. */
    public FileReadOptions withPollInterval(Duration interval) {
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the poll interval must be positive, not " + interval);
        }
        return new FileReadOptions(streaming, interval, persistentId, badRows, badRowConsumer, skipped);
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
        return new FileReadOptions(streaming, pollInterval, id, badRows, badRowConsumer, skipped);
    }

    /** What to do with a row that cannot be read; {@link BadRowPolicy#STOP} unless set. */
    public FileReadOptions withBadRows(BadRowPolicy policy) {
        Objects.requireNonNull(policy, "policy");
        return new FileReadOptions(streaming, pollInterval, persistentId, policy, badRowConsumer, skipped);
    }

    /**
     * Also hands every skipped row to {@code consumer} (an errors sink), on the thread that polls
     * the source. Only called under {@link BadRowPolicy#SKIP}.
     */
    public FileReadOptions withBadRowConsumer(Consumer<? super BadRow> consumer) {
        Objects.requireNonNull(consumer, "consumer");
        return new FileReadOptions(streaming, pollInterval, persistentId, badRows, consumer, skipped);
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
                + (persistentId == null ? "" : ", id " + persistentId) + ", bad rows " + badRows + "]";
    }
}
