package dev.tideway;

/**
 * The two parts of a table split by a predicate ({@link Table#split}), as Pathway's {@code split}:
 * the rows for which it is true, and the others (false or null). Both keep the rows' keys.
 *
 * @param matching the rows for which the predicate is true
 * @param rest the other rows
 * @param <T> the row type
 */
public record Split<T>(Table<T> matching, Table<T> rest) {}
