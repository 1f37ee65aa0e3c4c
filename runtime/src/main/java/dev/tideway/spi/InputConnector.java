package dev.tideway.spi;

import dev.tideway.DuplicateKeyPolicy;
import dev.tideway.schema.RowSchema;
import java.io.IOException;
import java.time.Duration;
import dev.tideway.InputException;

/**
 * What a connector implements to feed a source: it finds what changed in its location and reports
 * it unit by unit (a unit is a file, an object, a message batch). The engine keeps the rows of every
 * unit, so it can retract a modified or deleted unit's old rows and persist them; a connector only
 * tells what a unit holds now.
 *
 * <p>Units are named relative to the location (a file by its path under the directory read, an
 * object by its key after the prefix), so that the same data read from another location is
 * recognised: when the location changes between runs, the engine compares the units by name and
 * the connector by content, units that are the same are not read again, and units that the new
 * location lacks are retracted (the table follows the location, as Pathway's persistent ids do).
 *
 * @param <T> the row type
 */
public interface InputConnector<T> {
    /** The schema of the rows read. */
    RowSchema<T> schema();

    /**
     * Where the data comes from and in which format, such as {@code csv:/data/words}. Persisted with
     * the source, to tell when a run reads from another location than the one before (logged).
     */
    String location();

    /** A short name for messages and generated ids, such as {@code csv}. */
    String kind();

    /** Streaming connectors are polled until the run stops; static ones are read once. */
    boolean streaming();

    /** The time between polls of a streaming connector. */
    Duration pollInterval();

    /**
     * Reports what changed since the units the engine already holds. A unit must be reported whole
     * (a file is never split across batches). Throws {@link InputException} for bad input that the
     * connector is configured to stop on.
     */
    void poll(KnownUnits known, UnitChanges<T> changes) throws IOException;

    /**
     * What the engine does with a row whose primary key another row of this source holds;
     * {@link DuplicateKeyPolicy#REJECT} unless the connector's options say otherwise.
     */
    default DuplicateKeyPolicy duplicateKeys() {
        return DuplicateKeyPolicy.REJECT;
    }

    /** Where a unit is, for messages: a file's path, an object's URL. */
    default String origin(String unit) {
        return unit;
    }

    /**
     * Handles a row the engine refuses (under {@link DuplicateKeyPolicy#REJECT}, a row whose primary
     * key another row holds): returns to skip it, or throws {@link InputException} to stop the run.
     * File connectors apply their bad-row policy; the default stops.
     *
     * @param unit the row's unit, or null for a row not read from a unit (an event)
     * @param line the row's 1-based line in the unit, or 0 when unknown
     * @param field the fields concerned, such as {@code customer_id}
     * @param value their values, such as {@code c1}
     * @param problem what is wrong and what to do
     * @throws InputException to stop the run
     */
    default void rejectRow(String unit, long line, String field, String value, String problem) {
        throw new InputException((unit == null ? location() : origin(unit)) + (line > 0 ? ", line " + line : "")
                + ": " + problem);
    }

    /** The bad rows this connector skipped (a bad-row policy that skips), for metrics; read from any thread. */
    default long skippedRows() {
        return 0;
    }

    /**
     * Called after a commit made durable everything the connector reported up to it, with the
     * offsets it reported last (null if none): a message queue may acknowledge them, such as
     * Kafka's consumer-group offsets kept for monitoring. Tideway never reads such
     * acknowledgements back: its own commit is the source's position. Called after every batch,
     * with or without persistence; a failure here is logged, not fatal, since nothing depends on it.
     */
    default void committed(byte[] offsets) {}

    /** Releases what the connector holds open. */
    default void close() throws IOException {}
}
