package dev.tideway.io.subscribe;

/**
 * Called for every change of a subscribed table.
 *
 * @param <T> the row type
 */
@FunctionalInterface
public interface OnChange<T> {
    /**
     * @param key the row's key
     * @param row the row inserted or retracted
     * @param time the logical time of the change
     * @param isAddition true for an insertion, false for a retraction
     */
    void onChange(long key, T row, long time, boolean isAddition);
}
