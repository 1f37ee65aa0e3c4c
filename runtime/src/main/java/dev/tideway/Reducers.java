package dev.tideway;

import dev.tideway.engine.ops.Accumulators;
import dev.tideway.engine.ops.Accumulators.SortedValues.Output;
import dev.tideway.schema.ValueTypes;
import java.util.List;

/**
 * The reducers of {@code groupBy(...).reduce(...)}. Each is incremental: a row added to or removed
 * from a group updates the aggregate without rereading the group.
 *
 * <pre>{@code
 * words.groupBy(Word_.word).reduce(WordCount_.of(Word_.word, Reducers.count()));
 * }</pre>
 */
public final class Reducers {
    private Reducers() {}

    /** The number of rows in the group. */
    public static Reducer<Long> count() {
        return new Reducer<>("count", ValueTypes.LONG, Accumulators.Count::new);
    }

    /** The sum of a long expression (nulls skipped). */
    public static Reducer<Long> sum(Expr<Long> expr) {
        return new Reducer<>("sum", ValueTypes.LONG, () -> new Accumulators.LongSum(expr), List.of(expr));
    }

    /** The sum of an int expression. */
    public static Reducer<Integer> sumInt(Expr<Integer> expr) {
        return new Reducer<>("sum", ValueTypes.INT, () -> new Accumulators.IntSum(expr), List.of(expr));
    }

    /** The sum of a double expression. */
    public static Reducer<Double> sumDouble(Expr<Double> expr) {
        return new Reducer<>("sum", ValueTypes.DOUBLE, () -> new Accumulators.DoubleSum(expr, false), List.of(expr));
    }

    /** The mean of a numeric expression (nulls skipped); null for a group with no value. */
    public static Reducer<Double> avg(Expr<? extends Number> expr) {
        return new Reducer<>("avg", ValueTypes.nullable(ValueTypes.DOUBLE), () -> new Accumulators.DoubleSum(expr, true), List.of(expr));
    }

    /** The least value (nulls skipped). */
    public static <V> Reducer<V> min(Expr<V> expr) {
        return new Reducer<>("min", expr.type(), () -> new Accumulators.SortedValues<>(expr, Output.MIN), List.of(expr));
    }

    /** The greatest value (nulls skipped). */
    public static <V> Reducer<V> max(Expr<V> expr) {
        return new Reducer<>("max", expr.type(), () -> new Accumulators.SortedValues<>(expr, Output.MAX), List.of(expr));
    }

    /** The number of distinct non-null values. */
    public static <V> Reducer<Long> countDistinct(Expr<V> expr) {
        return new Reducer<>("countDistinct", ValueTypes.LONG, () -> new Accumulators.SortedValues<>(expr, Output.DISTINCT_COUNT), List.of(expr));
    }

    /** All non-null values, sorted, with repetitions. */
    public static <V> Reducer<List<V>> sortedTuple(Expr<V> expr) {
        return new Reducer<>("sortedTuple", ValueTypes.list(expr.type()), () -> new Accumulators.SortedValues<>(expr, Output.SORTED), List.of(expr));
    }

    /** The value of the row that arrived first among the group's rows. */
    public static <V> Reducer<V> earliest(Expr<V> expr) {
        return new Reducer<>("earliest", expr.type(), () -> new Accumulators.ByArrival<>(expr, false), List.of(expr));
    }

    /** The value of the row that arrived last among the group's rows. */
    public static <V> Reducer<V> latest(Expr<V> expr) {
        return new Reducer<>("latest", expr.type(), () -> new Accumulators.ByArrival<>(expr, true), List.of(expr));
    }
}
