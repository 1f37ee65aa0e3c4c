package dev.tideway;

import dev.tideway.internal.engine.time.EventTimeOperators;
import dev.tideway.schema.RowSchema;
import java.time.Duration;
import java.time.temporal.Temporal;
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
 * it with a {@link UserFunctionException}, or, in a run with
 * {@link RunConfig#withTerminateOnError(boolean) withTerminateOnError(false)}, withholds the row and
 * reports it to {@link Tideway#errorLog()}.
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
    // ---- event time (as Pathway's temporal operators; see the README's "Event time") ----

    /**
     * Declares that the source this table is read from only ever adds rows: files are added, never
     * changed (written aside and renamed in), pushed rows are never deleted. The source then keeps
     * none of the rows it read, only each file's position, so an endless stream keeps a state and
     * snapshots that do not grow with it (with operators that forget, the whole pipeline's state stays
     * bounded). A file deleted is forgotten without retracting its rows (consumed files may be cleaned
     * up); a file changed after it was read, or a row deleted, stops the run with an error. An
     * operator rebuilt after a pipeline change gets nothing from such a source but what comes next.
     * No keys are kept either: with a {@code @PrimaryKey}, duplicate keys are found within a file only
     * (as the source's {@link DuplicateKeyPolicy} says); a key repeated in another file, or by a
     * pushed row, is not seen and its row is added beside the earlier one, so declare a keyed source
     * append-only only if its keys are never repeated (event ids).
     *
     * <pre>{@code Table<Reading> readings = Csv.read(dir, Reading_.SCHEMA).appendOnly(); }</pre>
     *
     * @throws IllegalArgumentException if this table is not read directly from a source
     */
    default Table<T> appendOnly() {
        return EventTimeOperators.appendOnly(this);
    }

    /**
     * Cuts the rows into event-time windows, per instance (the values of {@code instance}, or the
     * whole table), to be {@linkplain WindowedTable#reduce reduced} to one row per window, as
     * Pathway's {@code windowby}. The window's type parameter makes javac check the time column:
     * {@code Window.tumbling(Duration)} needs an {@code Instant}, {@code LocalDateTime} or
     * {@code LocalDate} column, {@code Window.tumbling(long)} a {@code long} one. A row whose time is
     * null stops the run with an error naming the column.
     *
     * <pre>{@code
     * readings.windowBy(Window.tumbling(Duration.ofMinutes(5)), Reading_.time, Reading_.sensor)
     * }</pre>
     */
    default <V> WindowedTable<T, V> windowBy(Window<V> window, Expr<V> time, Expr<?>... instance) {
        return EventTimeOperators.windowBy(this, window, time, instance);
    }

    /**
     * Declares this table's watermark, as Flink's bounded-out-of-orderness watermarks: the greatest
     * {@code time} seen so far minus {@code allowedLateness}. The rows pass unchanged. Every
     * event-time operator after it (windows, temporal joins, forget, buffer, ignoreLate) measures
     * delays and cutoffs against it instead of against the greatest time of its own input; an operator
     * fed by several tables with watermarks takes the least of them, so a slower source holds the
     * others back (a table without a declared watermark takes no part). The watermark is part of the
     * persisted state: a restart continues it.
     *
     * @throws IllegalArgumentException later, when an operator after it reads a time column of another type
     *
     * <pre>{@code Csv.read(dir, Reading_.SCHEMA).withWatermark(Reading_.time, Duration.ofSeconds(30)) }</pre>
     */
    default <V extends Temporal & Comparable<? super V>> Table<T> withWatermark(Expr<V> time, Duration allowedLateness) {
        return EventTimeOperators.withWatermark(this, time, true, Spans.notNegative(Spans.nanos(allowedLateness, "the allowed lateness"),
                "the allowed lateness"));
    }

    /** {@link #withWatermark(Expr, Duration)} for a {@code long} time column. */
    default Table<T> withWatermark(Expr<Long> time, long allowedLateness) {
        return EventTimeOperators.withWatermark(this, time, false, Spans.notNegative(allowedLateness, "the allowed lateness"));
    }

    /**
     * Keeps each row until the watermark reaches its {@code time + threshold}, then retracts it (one
     * batch later, as Pathway's {@code forget}); a row already that old when it arrives is ignored,
     * and so is a change to a row forgotten. Forgotten rows leave this operator's state, and the
     * retractions make the operators after it drop them too: their state stays bounded.
     *
     * <pre>{@code events.forget(Event_.time, Duration.ofMinutes(10)) }</pre>
     */
    default <V extends Temporal & Comparable<? super V>> Table<T> forget(Expr<V> time, Duration threshold) {
        return EventTimeOperators.forget(this, time, true, Spans.nanos(threshold, "the threshold"));
    }

    /** {@link #forget(Expr, Duration)} for a {@code long} time column. */
    default Table<T> forget(Expr<Long> time, long threshold) {
        return EventTimeOperators.forget(this, time, false, threshold);
    }

    /**
     * Drops the changes of rows whose {@code time + threshold} the watermark had reached before this
     * batch, as Pathway's {@code ignore_late}; keeps no rows, only the watermark. As in Pathway, a row
     * that passed may see its later retraction dropped, if the watermark moved past it meanwhile.
     */
    default <V extends Temporal & Comparable<? super V>> Table<T> ignoreLate(Expr<V> time, Duration threshold) {
        return EventTimeOperators.ignoreLate(this, time, true, Spans.nanos(threshold, "the threshold"));
    }

    /** {@link #ignoreLate(Expr, Duration)} for a {@code long} time column. */
    default Table<T> ignoreLate(Expr<Long> time, long threshold) {
        return EventTimeOperators.ignoreLate(this, time, false, threshold);
    }

    /**
     * Holds each row until the watermark (this batch's included) reaches its {@code time + threshold},
     * as Pathway's {@code buffer}; a retraction of a held row removes it silently, one of a released
     * row passes. Rows still held when a run ends stay held for the next run.
     */
    default <V extends Temporal & Comparable<? super V>> Table<T> buffer(Expr<V> time, Duration threshold) {
        return EventTimeOperators.buffer(this, time, true, Spans.nanos(threshold, "the threshold"));
    }

    /** {@link #buffer(Expr, Duration)} for a {@code long} time column. */
    default Table<T> buffer(Expr<Long> time, long threshold) {
        return EventTimeOperators.buffer(this, time, false, threshold);
    }

    /**
     * Reads this table as a stream of upserts and deletions, as Pathway's {@code stream_to_table}:
     * each inserted row whose {@code isUpsert} is true becomes the current row of its key (replacing
     * the one before), one whose {@code isUpsert} is false deletes its key (its other values are not
     * read). Retractions of the stream's rows change nothing: a stream's events are not undone. Keeps
     * one row per live key.
     *
     * <pre>{@code changes.streamToTable(Change_.upsert) }</pre>
     */
    default Table<T> streamToTable(Expr<Boolean> isUpsert) {
        return EventTimeOperators.streamToTable(this, isUpsert);
    }

    /**
     * An as-of join, as Pathway's {@code asof_join}: each left row is paired with the right row of
     * equal {@linkplain TemporalJoin#on join values} whose time is the latest at or before its own
     * ({@linkplain TemporalJoin#direction backward}, the default; or forward, or nearest). The times
     * are event times: {@code Instant}, {@code LocalDateTime}, {@code LocalDate} or {@code long}
     * columns of the same type.
     */
    default <U, V extends Comparable<? super V>> TemporalJoin<T, U> asofJoin(Table<U> right, Expr<V> leftTime, Expr<V> rightTime) {
        return EventTimeOperators.asofJoin(this, right, leftTime, rightTime);
    }

    /**
     * An interval join, as Pathway's {@code interval_join}: each left row at time {@code t} is paired
     * with every right row of equal join values whose time is within {@code [t + lower, t + upper]}.
     */
    default <U, V> TemporalJoin<T, U> intervalJoin(Table<U> right, Expr<V> leftTime, Expr<V> rightTime, Interval<V> interval) {
        return EventTimeOperators.intervalJoin(this, right, leftTime, rightTime, interval);
    }

    /**
     * A window join, as Pathway's {@code window_join}: rows of both sides in the same tumbling or
     * sliding window (and with equal join values) are paired, once per window they share; with a
     * session window, the sessions are cut over the times of both sides together, per join value.
     */
    default <U, V> TemporalJoin<T, U> windowJoin(Table<U> right, Expr<V> leftTime, Expr<V> rightTime, Window<V> window) {
        return EventTimeOperators.windowJoin(this, right, leftTime, rightTime, window);
    }
}
