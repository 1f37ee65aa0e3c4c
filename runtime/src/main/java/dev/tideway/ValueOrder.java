package dev.tideway;

import dev.tideway.schema.BinaryWriter;
import dev.tideway.schema.ValueType;
import java.util.Arrays;
import java.util.Comparator;

/**
 * An order on the values of a type, for reducers that sort or compare values: the type's own order
 * when it has one, otherwise the order of the values' binary encodings, which is the same in every
 * run (so a sorted tuple of records is stable, if not meaningful). Nulls come first.
 */
final class ValueOrder {
    private ValueOrder() {}

    /** The type's order, or the order of encodings for a type without one. */
    @SuppressWarnings("unchecked")
    static <V> Comparator<V> of(ValueType<V> type) {
        Comparator<? super V> own = type.comparator();
        if (own != null) {
            return Comparator.nullsFirst((Comparator<V>) own);
        }
        return Comparator.nullsFirst((a, b) -> Arrays.compare(encode(type, a), encode(type, b)));
    }

    /** The type's own order; refuses a type without one, naming the reducer. */
    @SuppressWarnings("unchecked")
    static <V> Comparator<V> required(ValueType<V> type, String reducer) {
        Comparator<? super V> own = type.comparator();
        if (own == null) {
            throw new IllegalArgumentException("values of type " + type + " have no order, so " + reducer + " is not allowed;"
                    + " reduce a column of an ordered type (numbers, strings, times...)");
        }
        return Comparator.nullsFirst((Comparator<V>) own);
    }

    private static <V> byte[] encode(ValueType<V> type, V value) {
        BinaryWriter out = new BinaryWriter(32);
        type.write(out, value);
        return out.toByteArray();
    }
}
