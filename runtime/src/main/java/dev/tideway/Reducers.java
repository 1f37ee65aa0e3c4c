package dev.tideway;

import dev.tideway.internal.engine.identity.Canonical;
import dev.tideway.internal.engine.identity.FunctionIdentity;
import dev.tideway.schema.ValueType;
import dev.tideway.schema.ValueTypes;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

/**
 * The reducers of {@code groupBy(...).reduce(...)}, built in and user-defined. Each is incremental: a
 * row added to or removed from a group updates the aggregate without rereading the group (an
 * add-only {@link Aggregator} excepted, which is recomputed from the group's values on a removal).
 *
 * <pre>{@code
 * words.groupBy(Word_.word).reduce(WordCount_.of(Word_.word, Reducers.count()));
 * sales.groupBy(Sale_.shop).reduce(ShopStats_.of(Sale_.shop,
 *         Reducers.sumDecimal(Sale_.amount),                 // exact
 *         Reducers.argMax(Sale_.amount, Sale_.customer),      // who bought the most
 *         Reducers.latestBy(Sale_.at, Sale_.customer)));      // the last customer, by event time
 * }</pre>
 *
 * <p>Unless said otherwise, nulls are skipped, and a reducer of a group whose values are all null
 * gives null (sums give zero, counts 0). Where the result depends on which row holds a value (ties,
 * {@link #any}, {@link #tuple}), rows are ordered by key, so the result depends only on the rows a
 * group holds, not on the order they came in; {@link #earliest} and {@link #latest} are the
 * exception: they follow arrival order.
 */
public final class Reducers {
    private Reducers() {}

    // ---- user-defined ----

    /**
     * A reducer of the values of {@code input} by a user-defined aggregator: a
     * {@link RetractingAggregator}, whose state is persisted with its codec, or an add-only
     * {@link Aggregator}, recomputed from the group's values when a row leaves the group.
     *
     * <pre>{@code
     * Reducers.aggregate("median", ValueTypes.nullable(ValueTypes.DOUBLE), Reading_.value, new Median())
     * }</pre>
     *
     * @param name the reducer's name, 1 to 64 characters of {@code [A-Za-z0-9._-]}; it is part of the
     *             operator's persisted identity, with a fingerprint of the aggregator's code (every
     *             method of its class, as {@link Exprs#apply(ValueType, Expr, java.util.function.Function)}
     *             says of a UDF's object): an edited aggregator rebuilds the group-by's state. Rename it
     *             when what the fingerprint cannot see changes (a codec or helper of another class, a
     *             captured value)
     * @param resultType the type of the result (nullable when it may be null)
     * @throws IllegalArgumentException on a bad name
     */
    public static <I, S, R> Reducer<R> aggregate(String name, ValueType<R> resultType, Expr<I> input, Aggregator<? super I, S, R> aggregator) {
        return new Reducer<>(userName(name, input), "aggregate", userDetail(name, aggregator), List.of(input), resultType, input,
                aggregator, false);
    }

    /**
     * As {@link #aggregate}, for an aggregator that needs to know which row each value comes from:
     * it receives each value with its row's key.
     */
    public static <I, S, R> Reducer<R> aggregateRows(String name, ValueType<R> resultType, Expr<I> input,
                                                     Aggregator<? super KeyedValue<I>, S, R> aggregator) {
        return new Reducer<>(userName(name, input), "aggregateRows", userDetail(name, aggregator), List.of(input), resultType, input,
                aggregator, true);
    }

    private static String userName(String name, Expr<?> input) {
        if (name == null || !name.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("reducer name \"" + name + "\" must be 1 to 64 characters of [A-Za-z0-9._-]");
        }
        return name + "(" + input + ")";
    }

    /** The name and the fingerprint of the aggregator's code: a changed aggregator is another reducer. */
    private static String userDetail(String name, Aggregator<?, ?, ?> aggregator) {
        return Canonical.quote(name) + "," + FunctionIdentity.of(aggregator);
    }

    // ---- counts ----

    /** The number of rows in the group. */
    public static Reducer<Long> count() {
        return new Reducer<>("count()", "count", null, List.of(), ValueTypes.LONG,
                new Operation<>(ValueTypes.BOOLEAN, "row", "row-present", null, List.of(), row -> null), CountAggregator.INSTANCE, false);
    }

    /** The number of distinct non-null values (exact: the group's distinct values are kept). */
    public static <V> Reducer<Long> countDistinct(Expr<V> expr) {
        String name = "countDistinct(" + expr + ")";
        return new Reducer<>(name, "countDistinct", null, List.of(expr), ValueTypes.LONG, expr,
                OrderedValues.<V, Long>anyType(name, expr.type(), OrderedValues.Output.DISTINCT_COUNT), false);
    }

    /** As {@link #countDistinctApproximate(Expr, int)} with {@code lgK} 12: about 1.6% error, 2.5 KiB a group. */
    public static <V> Reducer<Long> countDistinctApproximate(Expr<V> expr) {
        return countDistinctApproximate(expr, 12);
    }

    /**
     * The number of distinct non-null values, estimated by a HyperLogLog sketch (Apache DataSketches)
     * of {@code 2^lgK} buckets: relative standard error about {@code 1.04 / sqrt(2^lgK)}. As
     * Pathway's {@code count_distinct_approximate}. A sketch cannot delete: a group that loses a row
     * is sketched again from the values it holds, so the estimate is always that of the live values.
     *
     * @param lgK 4 to 21
     * @throws IllegalArgumentException when {@code lgK} is out of range
     */
    public static <V> Reducer<Long> countDistinctApproximate(Expr<V> expr, int lgK) {
        return new Reducer<>("countDistinctApproximate(" + expr + ", " + lgK + ")", "countDistinctApproximate", Integer.toString(lgK),
                List.of(expr), ValueTypes.LONG, expr, new ApproximateDistinctCount<>(expr.type(), lgK), false);
    }

    // ---- sums and the mean ----

    /** The sum of a long expression. */
    public static Reducer<Long> sum(Expr<Long> expr) {
        return new Reducer<>("sum(" + expr + ")", "sum", null, List.of(expr), ValueTypes.LONG, expr, Sums.OfLong.INSTANCE, false);
    }

    /** The sum of a long expression, as {@link #sum}. */
    public static Reducer<Long> sumLong(Expr<Long> expr) {
        return sum(expr);
    }

    /** The sum of an int expression (added up as a long, then narrowed as Java's {@code (int)} does). */
    public static Reducer<Integer> sumInt(Expr<Integer> expr) {
        return new Reducer<>("sum(" + expr + ")", "sum", null, List.of(expr), ValueTypes.INT, expr, Sums.OfInt.INSTANCE, false);
    }

    /** The sum of a double expression. */
    public static Reducer<Double> sumDouble(Expr<Double> expr) {
        return new Reducer<>("sum(" + expr + ")", "sum", null, List.of(expr), ValueTypes.DOUBLE, expr, Sums.OfDouble.SUM, false);
    }

    /** The sum of a float expression (added up as a double). */
    public static Reducer<Float> sumFloat(Expr<Float> expr) {
        return new Reducer<>("sumFloat(" + expr + ")", "sum", null, List.of(expr), ValueTypes.FLOAT, expr, Sums.OfFloat.INSTANCE, false);
    }

    /** The exact sum of a decimal expression; its scale is the largest of the values' (0 for no value). */
    public static Reducer<BigDecimal> sumDecimal(Expr<BigDecimal> expr) {
        return new Reducer<>("sumDecimal(" + expr + ")", "sum", null, List.of(expr), ValueTypes.BIG_DECIMAL, expr, Sums.OfDecimal.INSTANCE, false);
    }

    /** The exact sum of a duration expression. */
    public static Reducer<Duration> sumDuration(Expr<Duration> expr) {
        return new Reducer<>("sumDuration(" + expr + ")", "sum", null, List.of(expr), ValueTypes.DURATION, expr, Sums.OfDuration.INSTANCE, false);
    }

    /** The mean of a numeric expression; null for a group with no value. */
    public static Reducer<Double> avg(Expr<? extends Number> expr) {
        return new Reducer<>("avg(" + expr + ")", "avg", null, List.of(expr), ValueTypes.nullable(ValueTypes.DOUBLE), expr, Sums.OfDouble.MEAN, false);
    }

    // ---- order ----

    /**
     * The least value.
     *
     * @throws IllegalArgumentException when the values' type has no order
     */
    public static <V> Reducer<V> min(Expr<V> expr) {
        String name = "min(" + expr + ")";
        return new Reducer<>(name, "min", null, List.of(expr), expr.type(), expr,
                OrderedValues.<V, V>ordered(name, expr.type(), OrderedValues.Output.MIN), false);
    }

    /**
     * The greatest value.
     *
     * @throws IllegalArgumentException when the values' type has no order
     */
    public static <V> Reducer<V> max(Expr<V> expr) {
        String name = "max(" + expr + ")";
        return new Reducer<>(name, "max", null, List.of(expr), expr.type(), expr,
                OrderedValues.<V, V>ordered(name, expr.type(), OrderedValues.Output.MAX), false);
    }

    /**
     * The key of the row with the least value of {@code by} (ties: the least key), as Pathway's
     * {@code argmin}, which gives the row's id; look the row up with {@code Table.ix}.
     *
     * @throws IllegalArgumentException when the values' type has no order
     */
    public static <B> Reducer<Long> argMin(Expr<B> by) {
        return extreme("argMin", "argMin(" + by + ")", by, by, false, true, ValueTypes.LONG);
    }

    /** The key of the row with the greatest value of {@code by} (ties: the least key). */
    public static <B> Reducer<Long> argMax(Expr<B> by) {
        return extreme("argMax", "argMax(" + by + ")", by, by, true, true, ValueTypes.LONG);
    }

    /**
     * The value of {@code of} in the row with the least value of {@code by} (ties: the row with the
     * least key): the cheapest product's name is {@code argMin(Product_.price, Product_.name)}.
     */
    public static <B, O> Reducer<O> argMin(Expr<B> by, Expr<O> of) {
        return extreme("argMin", "argMin(" + by + ", " + of + ")", by, of, false, false, of.type());
    }

    /** The value of {@code of} in the row with the greatest value of {@code by} (ties: the least key). */
    public static <B, O> Reducer<O> argMax(Expr<B> by, Expr<O> of) {
        return extreme("argMax", "argMax(" + by + ", " + of + ")", by, of, true, false, of.type());
    }

    /**
     * The value of {@code of} in the row with the latest event time {@code time} (ties: the least
     * key): event order, whatever order the rows came in. See {@link #latest} for arrival order.
     */
    public static <B, O> Reducer<O> latestBy(Expr<B> time, Expr<O> of) {
        return extreme("latestBy", "latestBy(" + time + ", " + of + ")", time, of, true, false, of.type());
    }

    /** The value of {@code of} in the row with the earliest event time {@code time} (ties: the least key). */
    public static <B, O> Reducer<O> earliestBy(Expr<B> time, Expr<O> of) {
        return extreme("earliestBy", "earliestBy(" + time + ", " + of + ")", time, of, false, false, of.type());
    }

    private static <B, O, R> Reducer<R> extreme(String function, String name, Expr<B> by, Expr<O> of, boolean greatest, boolean giveKey,
                                                ValueType<R> type) {
        List<Expr<?>> arguments = giveKey ? List.of(by) : List.of(by, of);
        return new Reducer<>(name, function, null, arguments, type, Pair.of(by, of),
                new ExtremeRow<B, O, R>(name, by.type(), of.type(), greatest, giveKey), true);
    }

    // ---- arrival order ----

    /**
     * The value of the row that arrived first among the group's rows: arrival is the order in which
     * rows reached the group-by (and, after a restart, the order they had then), not event time;
     * see {@link #earliestBy} for event order.
     */
    public static <V> Reducer<V> earliest(Expr<V> expr) {
        return new Reducer<>("earliest(" + expr + ")", "earliest", null, List.of(expr), expr.type(), expr, new ArrivalOrder<>(expr.type(), false), true);
    }

    /** The value of the row that arrived last among the group's rows (arrival order; see {@link #latestBy}). */
    public static <V> Reducer<V> latest(Expr<V> expr) {
        return new Reducer<>("latest(" + expr + ")", "latest", null, List.of(expr), expr.type(), expr, new ArrivalOrder<>(expr.type(), true), true);
    }

    // ---- one value, all values ----

    /**
     * A value of the group: that of the row with the least key, so {@code any(a)} and {@code any(b)}
     * come from the same row (as Pathway's {@code any}). Nulls are kept.
     */
    public static <V> Reducer<V> any(Expr<V> expr) {
        return new Reducer<>("any(" + expr + ")", "any", null, List.of(expr), expr.type(), expr, new RowOrderedValues<V, V>(expr.type(), false), true);
    }

    /**
     * The one value of the group, which every row of it has (nulls skipped). A group with two
     * different values stops the run with an error naming them, as Pathway's {@code unique}.
     */
    public static <V> Reducer<V> unique(Expr<V> expr) {
        String name = "unique(" + expr + ")";
        return new Reducer<>(name, "unique", null, List.of(expr), expr.type(), expr,
                OrderedValues.<V, V>anyType(name, expr.type(), OrderedValues.Output.UNIQUE), false);
    }

    /**
     * All values of the group (nulls kept), ordered by the keys of their rows, so that the tuples of
     * two columns line up (as Pathway's {@code tuple}).
     */
    public static <V> Reducer<List<V>> tuple(Expr<V> expr) {
        return new Reducer<>("tuple(" + expr + ")", "tuple", null, List.of(expr), ValueTypes.list(expr.type()), expr,
                new RowOrderedValues<V, List<V>>(expr.type(), true), true);
    }

    /**
     * All non-null values, sorted, with repetitions. Values of a type without an order (records,
     * lists) are sorted by their binary encoding, which is stable across runs.
     */
    public static <V> Reducer<List<V>> sortedTuple(Expr<V> expr) {
        String name = "sortedTuple(" + expr + ")";
        return new Reducer<>(name, "sortedTuple", null, List.of(expr), ValueTypes.list(expr.type()), expr,
                OrderedValues.<V, List<V>>anyType(name, expr.type(), OrderedValues.Output.SORTED),
                false);
    }
}
