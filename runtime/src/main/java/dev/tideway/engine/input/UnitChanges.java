package dev.tideway.engine.input;

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

    /** Tells that {@code bytes} bytes of input were read (a unit's size), for progress and metrics. The default ignores it. */
    default void read(long bytes) {}

    /**
     * A single change not tied to a unit, for programmatic sources: {@code diff} +1 inserts the row,
     * -1 retracts an equal row inserted before.
     */
    void event(T row, int diff);
}
