package dev.tideway;

import dev.tideway.schema.RowSchema;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * A table of {@code @Schema} rows that changes over time. Every operator is incremental: it turns the
 * changes of its inputs into the changes of its result, keeping only the state it needs.
 *
 * <p>Rows have keys: from the {@code @PrimaryKey} components, from where a row was read, or from
 * {@link #withIdFrom}. Key-based operators ({@link #updateRows}, {@link #restrict}, ...) pair rows by
 * these keys.
 *
 * <p>Operators check their expressions when they are built, before any row is read: a column of
 * another table ({@code orders.filter(Customer_.country.eq("US"))}), a join's side read from the
 * wrong table, or a reducer outside {@code reduce} throws an {@link IllegalArgumentException} naming
 * the operator, the column and the fix. User code that fails on a row while the pipeline runs stops
 * it with a {@link UserFunctionException}.
 *
 * <pre>{@code
 * Table<Word> words = Csv.read(inputs, Word_.SCHEMA);
 * Table<WordCount> counts = words
 *         .filter(Exprs.length(Word_.word).gt(2L))
 *         .groupBy(Word_.word)
 *         .reduce(WordCount_.of(Word_.word, Reducers.count()));
 * }</pre>
 *
 * @param <T> the row type
 */
public interface Table<T> {
    /** The schema of the rows. */
    RowSchema<T> schema();

    /** One row of {@code R} per row, from expressions over this table's columns; keys are kept. */
    <R> Table<R> select(Projection<R> projection);

    /** One row of {@code R} per row, computed by a deterministic user function; keys are kept. */
    <R> Table<R> map(RowSchema<R> schema, Function<? super T, ? extends R> udf);

    /**
     * Like {@link #map}, for a function that may give another result for the same row (a clock, a
     * random number, a remote call): each result is remembered and retracted as it was produced.
     */
    <R> Table<R> mapNonDeterministic(RowSchema<R> schema, Function<? super T, ? extends R> udf);

    /** The rows for which the predicate is true. */
    Table<T> filter(Expr<Boolean> predicate);

    /** Groups rows by the values of expressions, to {@link GroupedTable#reduce reduce} each group to one row. */
    GroupedTable<T> groupBy(Expr<?>... keys);

    /** Inner join on equal values of a typed column pair. */
    default <U> JoinResult<T, U> join(Table<U> right, JoinOn<T, U> on) {
        return join(right, JoinKind.INNER, List.of(on));
    }

    /** A join of the given kind (inner, left, right, outer) on equal values of a typed column pair. */
    default <U> JoinResult<T, U> join(Table<U> right, JoinKind kind, JoinOn<T, U> on) {
        return join(right, kind, List.of(on));
    }

    /** A join of the given kind on equal values of all the typed column pairs. */
    <U> JoinResult<T, U> join(Table<U> right, JoinKind kind, List<JoinOn<T, U>> on);

    /** The rows of both tables; their keys must be distinct (a shared key is a clash). */
    Table<T> concat(Table<T> other);

    /** This table with rows replaced, or added, by the rows of {@code other} with the same key. */
    Table<T> updateRows(Table<T> other);

    /** This table with a cell replaced by that of the row of {@code patch} with the same key. */
    default <U> Table<T> updateCells(Table<U> patch, CellUpdate<T, U> update) {
        return updateCells(patch, List.of(update));
    }

    /**
     * This table with some cells replaced by those of the row of {@code patch} with the same key; a
     * patch row whose key this table does not have changes nothing.
     */
    <U> Table<T> updateCells(Table<U> patch, List<CellUpdate<T, U>> updates);

    /** The rows whose key is also a key of {@code keys}. */
    <U> Table<T> restrict(Table<U> keys);

    /** The rows whose key is a key of {@code other} too (as {@link #restrict}, named as in Pathway). */
    <U> Table<T> intersect(Table<U> other);

    /** The rows whose key is not a key of {@code other}. */
    <U> Table<T> difference(Table<U> other);

    /**
     * Per instance (the values of {@code instance}, or the whole table), the last row whose value the
     * acceptor accepted against the previously accepted value; the first row is always accepted.
     *
     * <pre>{@code
     * readings.deduplicate(Reading_.value, (next, last) -> Math.abs(next - last) > 0.5, Reading_.sensor)
     * }</pre>
     */
    <V> Table<T> deduplicate(Expr<V> value, BiPredicate<? super V, ? super V> acceptor, Expr<?>... instance);

    /** One row per item of a list column, built by {@code build} from the row and the item. */
    <V, R> Table<R> flatten(Column<T, List<V>> column, RowSchema<R> schema, BiFunction<? super T, ? super V, ? extends R> build);

    /** The same rows, keyed by the values of expressions. */
    Table<T> withIdFrom(Expr<?>... keys);

    /**
     * Names the operator that computes this table (1 to 128 characters of {@code [A-Za-z0-9._-]}).
     * Its persisted state is then matched by this name across runs, wherever the operator moves in
     * the pipeline; in {@code SELECTIVE_PERSISTING} mode only named operators keep their state.
     *
     * <pre>{@code readings.deduplicate(Reading_.value, (next, last) -> next > last).named("max-reading") }</pre>
     */
    Table<T> named(String name);

    // ---- shape ----

    /**
     * The rows for which the predicate is true, and the others, as two tables (Pathway's
     * {@code split}); a null predicate counts as false.
     *
     * <pre>{@code
     * Split<Order> bySize = orders.split(Order_.qty.gt(100L));
     * JsonLines.write(bySize.matching(), Path.of("big.jsonl"));
     * JsonLines.write(bySize.rest(), Path.of("small.jsonl"));
     * }</pre>
     */
    default Split<T> split(Expr<Boolean> predicate) {
        return new Split<>(filter(predicate), filter(Exprs.not(predicate)));
    }

    /**
     * The rows of all the tables, as {@link #concat} of each in turn; their keys must be distinct.
     *
     * @throws IllegalArgumentException for an empty list
     */
    static <T> Table<T> concatAll(java.util.List<? extends Table<T>> tables) {
        if (tables.isEmpty()) {
            throw new IllegalArgumentException("concatAll needs at least one table");
        }
        Table<T> all = tables.get(0);
        for (int i = 1; i < tables.size(); i++) {
            all = all.concat(tables.get(i));
        }
        return all;
    }

    /**
     * The rows of {@code table} whose key is a key of every one of {@code others}, as
     * {@link #intersect} with each in turn (Pathway's {@code intersect(*tables)}).
     */
    static <T> Table<T> intersectAll(Table<T> table, java.util.List<? extends Table<?>> others) {
        Table<T> all = table;
        for (Table<?> other : others) {
            all = all.intersect(other);
        }
        return all;
    }

    // ---- key lookups and order ----

    /**
     * The rows of this table by key, for a select of another table (or of this one) to read: for
     * each row selected, this table's row whose key is the value of {@code key}, as Pathway's
     * {@code ix}. A key with no row is an error when the select is computed.
     *
     * <pre>{@code numbers.sort(Number_.a).select(Pair_.of(numbers.ix(Neighbors_.key).get(Number_.a),
     *         numbers.ix(Neighbors_.next, true).get(Number_.a))) }</pre>
     */
    Lookup<T> ix(Expr<Long> key);

    /** As {@link #ix(Expr)}; when {@code optional}, a key with no row (or a null key) reads null. */
    Lookup<T> ix(Expr<Long> key, boolean optional);

    /**
     * The rows of this table by key made of values, as Pathway's {@code ix_ref}: the key these
     * values give this table's rows, by its {@code @PrimaryKey} when its record has one (one value
     * per key component, in order), else as {@link #withIdFrom} gives it. A key with no row is an
     * error when the select is computed.
     *
     * @throws IllegalArgumentException when the values do not match the primary key's components
     */
    Lookup<T> ixRef(Expr<?>... values);

    /** As {@link #ixRef}; a key with no row reads null. */
    Lookup<T> ixRefOptional(Expr<?>... values);

    /**
     * For each row, the keys of the rows just before and after it when the table is sorted by
     * {@code key} (ties by row key), separately per value of {@code instance}, as Pathway's
     * {@code sort}. The result has the keys of this table; read the neighbours' rows with
     * {@link #ix}. Persisted like every stateful operator.
     *
     * @throws IllegalArgumentException when the key's type has no order
     */
    Table<Neighbors> sort(Expr<?> key, Expr<?>... instance);
}
