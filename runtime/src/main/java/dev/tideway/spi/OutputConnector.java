package dev.tideway.spi;

import dev.tideway.schema.RowSchema;
import java.io.IOException;

/**
 * What a sink implements: it receives the consolidated changes of each logical time and makes them
 * durable at each commit.
 *
 * @param <T> the row type
 */
public interface OutputConnector<T> {
    /** A stable name of the sink for persisted positions and messages, such as {@code jsonlines:/out/counts.jsonl}. */
    String name();

    /**
     * The name under which the sink's committed position is persisted and the pipeline's outputs
     * are identified: an id the user gave the sink (which does not change when the project moves), or
     * else {@link #name()}.
     */
    default String persistentName() {
        return name();
    }

    /**
     * What the sink writes, as canonical text, for the pipeline's identity: a sink whose definition
     * changed between runs (another format of its lines) is rewritten from the start rather than
     * continued. Its {@link #persistentName()} unless the sink has options that change its lines.
     */
    default String definition() {
        return persistentName();
    }

    /**
     * Whether the sink owns its output (a file), so that two sinks of one name in a pipeline would
     * write over each other and are refused when the second is added. False for callbacks.
     */
    default boolean exclusive() {
        return false;
    }

    /**
     * Called once before the first write. {@code committedPosition} is the position the sink
     * returned from {@link #commit()} at the last commit of a persisted run (the sink continues from
     * there, cutting off anything written after it), or -1 to start afresh.
     */
    void open(long committedPosition) throws IOException;

    /**
     * Writes the changes of one logical time, consolidated: no row is both inserted and retracted.
     * Not called for a time without changes.
     *
     * @param time the wall-clock time of the commit that makes the changes, in epoch milliseconds;
     *     it increases from one call to the next
     * @param changes the changes, valid during this call only
     * @param schema the schema of the rows
     * @throws IOException if the output cannot be written: the run stops without committing the batch
     */
    void write(long time, ChangeBatch<T> changes, RowSchema<T> schema) throws IOException;

    /**
     * Makes everything written so far durable and returns the position to persist (for files: their
     * length), or -1 if the sink has no position.
     */
    long commit() throws IOException;

    /** Called once when the run ends, after the last commit. */
    void close() throws IOException;
}
