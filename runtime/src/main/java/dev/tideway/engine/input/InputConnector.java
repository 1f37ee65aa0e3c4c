package dev.tideway.engine.input;

import dev.tideway.schema.RowSchema;
import java.io.IOException;
import java.time.Duration;

/**
 * What a connector implements to feed a source: it finds what changed in its location and reports
 * it unit by unit (a unit is a file, an object, a message batch). The engine keeps the rows of every
 * unit, so it can retract a modified or deleted unit's old rows and persist them; a connector only
 * tells what a unit holds now.
 *
 * @param <T> the row type
 */
public interface InputConnector<T> {
    /** The schema of the rows read. */
    RowSchema<T> schema();

    /**
     * Where the data comes from and in which format, such as {@code csv:/data/words}. Persisted with
     * the source: when it changes between runs, the rows read before stay and the new location is
     * read as new.
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
