package dev.tideway.internal.engine;

import dev.tideway.spi.InputConnector;
import java.util.Collection;
import java.util.List;
import java.util.function.LongPredicate;
import java.util.function.Supplier;

/**
 * Where a row of a source came from, found by its key for an error a user function raised on it
 * ({@link SourceNode#describeRow}): the unit and the line (or the row's position, 1-based) it was
 * read from, a keyed change, or a pushed row. Runs only on the error path: it looks through every unit
 * the source holds, decoding (and loading) their rows when the rows have a primary key.
 *
 * <p>Not thread-safe: used on the source's thread.
 *
 * @param <T> the row type
 */
final class RowOrigins<T> {
    private final InputConnector<T> connector;
    private final SourceRowCodec<T> codec;
    private final boolean keyed;
    private final Supplier<Collection<HeldUnit>> units;
    private final LongPredicate upsertHolds;
    private final LongPredicate eventHolds;

    RowOrigins(InputConnector<T> connector, SourceRowCodec<T> codec, Supplier<Collection<HeldUnit>> units,
               LongPredicate upsertHolds, LongPredicate eventHolds) {
        this.connector = connector;
        this.codec = codec;
        this.keyed = codec.schema().hasPrimaryKey();
        this.units = units;
        this.upsertHolds = upsertHolds;
        this.eventHolds = eventHolds;
    }

    /**
     * Where a row with this key came from: {@code source}, then the unit and the line it was read from,
     * or the keyed change or pushed row it is; null if no row held has that key.
     */
    String describe(long key, String source) {
        try {
            for (HeldUnit unit : units.get()) {
                int index = indexOf(key, unit);
                if (index >= 0) {
                    long line = unit.line(index);
                    return source + ", " + connector.origin(unit.name) + (line > 0 ? ", line " + line : ", row " + (index + 1));
                }
            }
        } catch (RuntimeException e) {
            // a unit's rows that cannot be loaded: say nothing rather than hide the error being reported
            return null;
        }
        if (upsertHolds.test(key)) {
            return source + ", a keyed change read from " + connector.location();
        }
        return eventHolds.test(key) ? source + ", a row pushed into " + connector.location() : null;
    }

    /** The position of the row with this key in a unit, or -1. */
    private int indexOf(long key, HeldUnit unit) {
        if (!keyed) {
            for (int i = 0; i < unit.count; i++) {
                if (KeyHasher.combine(unit.seed, i) == key) {
                    return i;
                }
            }
            return -1;
        }
        if (!unit.hasRows()) {
            return -1;
        }
        List<T> rows = codec.rowsOf(unit);
        for (int i = 0; i < rows.size(); i++) {
            if (codec.primaryKey(rows.get(i)) == key) {
                return i;
            }
        }
        return -1;
    }
}
