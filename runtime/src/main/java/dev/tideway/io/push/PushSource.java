package dev.tideway.io.push;

import dev.tideway.DuplicateKeyPolicy;
import dev.tideway.Table;
import dev.tideway.spi.Connectors;
import dev.tideway.spi.InputConnector;
import dev.tideway.spi.KnownUnits;
import dev.tideway.spi.UnitChanges;
import dev.tideway.schema.RowSchema;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * A source that user code feeds from its own threads: rows pushed with {@link #insert} and
 * {@link #delete} enter the pipeline at the next poll. The source is streaming until
 * {@link #close()}d; once closed and drained it is finished, and a run whose sources are all
 * finished ends.
 *
 * <pre>{@code
 * PushSource<Person> people = PushSource.create(Person_.SCHEMA);
 * Csv.write(people.table(), Path.of("people.csv"));
 * new Thread(() -> {
 *     people.insert(new Person("Ada", 36));
 *     people.delete(new Person("Ada", 36));
 *     people.close();
 * }).start();
 * Tideway.run(...);
 * }</pre>
 *
 * <p>Thread-safe: any thread may push at any time. Deleting a row retracts one equal row inserted
 * before; deleting a row that was never inserted is an error at the poll that reads it.
 *
 * <p>With a {@code @PrimaryKey}, the table holds one row per key: inserting a row whose key another
 * row holds is an error at the poll that reads it (delete the other first), unless the source was
 * created with {@link DuplicateKeyPolicy#UPSERT}, which replaces the row held (an upsert).
 *
 * @param <T> the row type
 */
public final class PushSource<T> {
    /** How often the run looks for pushed rows. */
    public static final Duration POLL_INTERVAL = Duration.ofMillis(20);

    private final Connector connector;
    private final Table<T> table;
    private final Object lock = new Object();
    private ArrayDeque<Pushed<T>> pending = new ArrayDeque<>();
    private ArrayDeque<Pushed<T>> draining = new ArrayDeque<>();
    private boolean closed;
    private volatile boolean finished;

    private record Pushed<T>(T row, int diff) {}

    private PushSource(RowSchema<T> schema, String persistentId, DuplicateKeyPolicy duplicateKeys) {
        this.connector = new Connector(Objects.requireNonNull(schema, "schema"), Objects.requireNonNull(duplicateKeys, "duplicateKeys"));
        this.table = Connectors.source(connector, persistentId);
    }

    /** A push source of rows of {@code schema}, added to the pipeline being built on this thread. */
    public static <T> PushSource<T> create(RowSchema<T> schema) {
        return new PushSource<>(schema, null, DuplicateKeyPolicy.REJECT);
    }

    /** A push source persisted under {@code persistentId}, so that a later run continues it. */
    public static <T> PushSource<T> create(RowSchema<T> schema, String persistentId) {
        Objects.requireNonNull(persistentId, "persistentId");
        return new PushSource<>(schema, persistentId, DuplicateKeyPolicy.REJECT);
    }

    /**
     * A push source persisted under {@code persistentId} (or null for a generated id) whose rows,
     * if they have a primary key, are handled by {@code duplicateKeys}: {@link DuplicateKeyPolicy#UPSERT}
     * makes an insert replace the row that holds its key.
     */
    public static <T> PushSource<T> create(RowSchema<T> schema, String persistentId, DuplicateKeyPolicy duplicateKeys) {
        return new PushSource<>(schema, persistentId, duplicateKeys);
    }

    /** The table of the rows pushed. */
    public Table<T> table() {
        return table;
    }

    /** Inserts a row. */
    public void insert(T row) {
        push(row, 1);
    }

    /** Retracts one row equal to {@code row} inserted before. */
    public void delete(T row) {
        push(row, -1);
    }

    /** Ends the source: rows pushed before are still read, then the source is finished. Idempotent. */
    public void close() {
        synchronized (lock) {
            closed = true;
        }
    }

    /** Whether the source is closed and every row pushed before was read. */
    public boolean finished() {
        return finished;
    }

    /** The connector behind {@link #table()}, for the engine and tests. */
    public InputConnector<T> connector() {
        return connector;
    }

    private void push(T row, int diff) {
        Objects.requireNonNull(row, "row");
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("push source of " + connector.schema().name()
                        + " is closed; push rows before calling close()");
            }
            pending.add(new Pushed<>(row, diff));
        }
    }

    private final class Connector implements InputConnector<T> {
        private final RowSchema<T> schema;
        private final DuplicateKeyPolicy duplicateKeys;

        Connector(RowSchema<T> schema, DuplicateKeyPolicy duplicateKeys) {
            this.schema = schema;
            this.duplicateKeys = duplicateKeys;
        }

        @Override
        public DuplicateKeyPolicy duplicateKeys() {
            return duplicateKeys;
        }

        @Override
        public RowSchema<T> schema() {
            return schema;
        }

        @Override
        public String location() {
            return "push:" + schema.name();
        }

        @Override
        public String kind() {
            return "push";
        }

        @Override
        public boolean streaming() {
            return !finished;
        }

        @Override
        public Duration pollInterval() {
            return POLL_INTERVAL;
        }

        @Override
        public void poll(KnownUnits known, UnitChanges<T> changes) {
            boolean closedBefore;
            synchronized (lock) {
                // swap the queues: pushers never wait while the batch is handed to the engine
                ArrayDeque<Pushed<T>> batch = pending;
                pending = draining;
                draining = batch;
                closedBefore = closed;
            }
            for (Pushed<T> pushed = draining.poll(); pushed != null; pushed = draining.poll()) {
                changes.event(pushed.row(), pushed.diff());
            }
            if (closedBefore) {
                finished = true;    // nothing can be pushed after close, so everything was read
            }
        }

        @Override
        public String toString() {
            return location();
        }
    }
}
