package dev.tideway;

/**
 * A table grouped by key expressions, waiting for its {@link #reduce}.
 *
 * @param <T> the row type
 */
public interface GroupedTable<T> {
    /**
     * One row per group. Each field of the projection is a grouping expression or a
     * {@link Reducer}; the row's key is derived from the group's key values.
     */
    <R> Table<R> reduce(Projection<R> projection);
}
