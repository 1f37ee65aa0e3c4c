package dev.tideway.spi;

import java.util.List;
import java.util.function.IntToLongFunction;

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

    /**
     * Like {@link #replace(String, byte[], List)}, with where each row is in the unit: {@code
     * lineOfRow.applyAsLong(i)} is the 1-based line row {@code i} is on (for a record over several
     * lines, its last). The engine keeps the lines to name the place of a row in messages, such as
     * the two rows of a duplicate key. The default drops them, for connectors that wrap another.
     */
    default void replace(String unit, byte[] position, List<T> rows, IntToLongFunction lineOfRow) {
        replace(unit, position, rows);
    }

    /**
     * The unit holds the same content as when it was read, now at another {@code position}: a file
     * moved or copied, or re-stamped, with the same bytes. The engine keeps its rows and records the
     * position, so the next poll compares with it. The default does nothing (the engine then keeps
     * the old position and the connector checks the content again at the next poll).
     */
    default void unchanged(String unit, byte[] position) {}

    /** The unit is gone: the engine retracts its rows. */
    void remove(String unit);

    /**
     * Tells how much this poll is about to read, for progress and metrics: {@code units} units of
     * {@code bytes} bytes in all ({@code -1} when unknown). Called before the units are reported;
     * each {@link #replace} then counts one unit read. The default ignores it.
     */
    default void pending(int units, long bytes) {}

    /** Tells that {@code bytes} bytes of input were read (a unit's size, a queue's records), for progress and metrics. The default ignores it. */
    default void read(long bytes) {}

    /**
     * A single change not tied to a unit, for programmatic sources: {@code diff} +1 inserts the row,
     * -1 retracts an equal row inserted before.
     */
    void event(T row, int diff);

    /**
     * A keyed change, for sources whose messages carry a key (a Kafka topic read in upsert mode,
     * a change-data-capture stream): the row keyed by {@code key} is now {@code row}, or is deleted
     * when {@code row} is null (a tombstone). The engine retracts the row it held under that key,
     * if any, and inserts the new one; deleting a key it does not hold changes nothing. Two changes of
     * one key never conflict: the later replaces the earlier, whatever the source's
     * {@link dev.tideway.DuplicateKeyPolicy}. Without a primary key, the row's key in the table is a
     * hash of {@code key}; with one, it is the row's primary key, and a row whose primary key the row
     * of another message key holds is decided by the policy as it arrives (UPSERT: it replaces that
     * row; REJECT: it goes to {@link InputConnector#rejectRow}). This is the upsert session of
     * Pathway's connectors.
     *
     * <pre>{@code
     * changes.upsert("user-7".getBytes(UTF_8), new Balance("user-7", 40));   // insert
     * changes.upsert("user-7".getBytes(UTF_8), new Balance("user-7", 55));   // retract 40, insert 55
     * changes.upsert("user-7".getBytes(UTF_8), null);                        // retract 55
     * }</pre>
     *
     * @throws UnsupportedOperationException where the engine side does not support keyed changes
     * @throws IllegalArgumentException if the source was declared append-only ({@code Table.appendOnly()})
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
