package dev.tideway.engine.input;

import java.util.List;

/**
 * Where a connector reports what it read.
 *
 * @param <T> the row type
 */
public interface UnitChanges<T> {
    /**
     * The unit now holds exactly these rows, read at {@code position}. The engine retracts the rows
     * it held for the unit, if any, and inserts these.
     */
    void replace(String unit, byte[] position, List<T> rows);

    /** The unit is gone: the engine retracts its rows. */
    void remove(String unit);

    /**
     * A single change not tied to a unit, for programmatic sources: {@code diff} +1 inserts the row,
     * -1 retracts an equal row inserted before.
     */
    void event(T row, int diff);

    /**
     * A keyed change, for sources whose messages carry a key (a Kafka topic read in upsert mode,
     * a change-data-capture stream): the row keyed by {@code key} is now {@code row}, or is deleted
     * when {@code row} is null (a tombstone). The engine retracts the row it held under that key,
     * if any, and inserts the new one; deleting a key it does not hold changes nothing. The row's
     * key in the table is a hash of {@code key}, whatever the schema's primary key. This is the
     * upsert session of Pathway's connectors.
     *
     * <pre>{@code
     * changes.upsert("user-7".getBytes(UTF_8), new Balance("user-7", 40));   // insert
     * changes.upsert("user-7".getBytes(UTF_8), new Balance("user-7", 55));   // retract 40, insert 55
     * changes.upsert("user-7".getBytes(UTF_8), null);                        // retract 55
     * }</pre>
     *
     * @throws UnsupportedOperationException where the engine side does not support keyed changes
     */
    default void upsert(byte[] key, T row) {
        throw new UnsupportedOperationException("keyed changes (upsert) are not supported here");
    }

    /**
     * The source's own position after what it reported so far, such as a message queue's offset
     * of every partition: opaque bytes, encoded and decoded by the connector alone. The engine
     * commits them together with the changes reported before them (in the write-ahead log and
     * the snapshots, under the commit's metadata: both are durable or neither), and hands the last
     * committed ones back through {@link KnownUnits#offsets()} when a later run recovers, so that
     * the connector seeks to them and every message is read into the state exactly once, whatever
     * the crash. Report them after the changes they cover; the last report of a poll wins.
     *
     * @throws UnsupportedOperationException where the engine side keeps no offsets
     */
    default void offsets(byte[] offsets) {
        throw new UnsupportedOperationException("source offsets are not kept here");
    }
}
