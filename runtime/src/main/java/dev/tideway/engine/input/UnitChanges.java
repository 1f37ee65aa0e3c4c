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
}
