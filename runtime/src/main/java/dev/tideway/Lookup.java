package dev.tideway;

/**
 * The rows of a table looked up by key, made by {@link Table#ix} and {@link Table#ixRef}: for each
 * row of the table being selected from, the row of the looked-up table whose key is the value of an
 * expression. Its columns are read with {@link #get}, in a {@code select}:
 *
 * <pre>{@code
 * Table<Neighbors> links = numbers.sort(Number_.a);
 * links.filter(Neighbors_.prev.isNotNull())
 *      .select(Pair_.of(numbers.ix(Neighbors_.prev).get(Number_.a), numbers.ix(Neighbors_.key).get(Number_.a)));
 * }</pre>
 *
 * <p>As Pathway's {@code ix}: the select is incremental on both tables, so a change of a looked-up
 * row updates every row that reads it. A key with no row is an error when the select is computed
 * (naming the key and the row), unless the lookup is optional, where the columns read null.
 *
 * @param <U> the row type of the table looked up
 */
public interface Lookup<U> {
    /** A column of the row looked up, or null when an optional lookup finds none. */
    <V> Expr<V> get(Column<U, V> column);
}
