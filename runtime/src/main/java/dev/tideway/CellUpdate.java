package dev.tideway;

/**
 * One cell of {@code updateCells}: a column of the updated table takes the value of a column of the
 * patch table.
 *
 * @param <T> the updated row type
 * @param <U> the patch row type
 */
public record CellUpdate<T, U>(Column<T, ?> target, Column<U, ?> source) {
    /** The target column takes the source column's value. */
    public static <T, U, V> CellUpdate<T, U> set(Column<T, V> target, Column<U, V> source) {
        return new CellUpdate<>(target, source);
    }
}
