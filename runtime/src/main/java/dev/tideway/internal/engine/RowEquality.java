package dev.tideway.internal.engine;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Value equality of rows and values. Records compare their components with {@code equals}, which for
 * {@code byte[]} components is identity; rows holding arrays are compared here by content instead.
 */
public final class RowEquality {
    private RowEquality() {}

    public static boolean equal(Object a, Object b) {
        if (a == b) {
            return true;
        }
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return Arrays.equals(x, y);
        }
        return Objects.equals(a, b);
    }

    public static int hash(Object value) {
        if (value instanceof byte[] bytes) {
            return Arrays.hashCode(bytes);
        }
        if (value instanceof List<?> list) {
            int h = 1;
            for (Object item : list) {
                h = 31 * h + hash(item);
            }
            return h;
        }
        return Objects.hashCode(value);
    }
}
