package dev.tideway.testing;

/**
 * One change of a table's output, as a sink sees it.
 *
 * @param key the row key
 * @param row the row
 * @param time the logical time of the change
 * @param diff +1 for an insertion, -1 for a retraction
 * @param <T> the row type
 */
public record Change<T>(long key, T row, long time, int diff) {}
