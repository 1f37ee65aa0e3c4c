package dev.tideway.internal.engine;

import dev.tideway.Expr;
import dev.tideway.GroupedTable;
import dev.tideway.JoinResult;
import dev.tideway.Projection;
import dev.tideway.Table;
import dev.tideway.internal.engine.ops.FilterNode;
import dev.tideway.internal.engine.ops.GroupByNode;
import dev.tideway.schema.RowSchema;

/**
 * The pairs of a join as the engine computes them: the node whose output is the pairs (the join, or
 * a filter of its pairs) and the schemas of both sides, to encode the pairs a non-deterministic
 * select remembers.
 *
 * @param <T> the left row type
 * @param <U> the right row type
 */
public final class DataflowJoinResult<T, U> implements JoinResult<T, U> {
    private final Node pairs;
    private final RowSchema<T> left;
    private final RowSchema<U> right;

    /** The pairs {@code pairs} emits, of rows of {@code left} and {@code right}. */
    public DataflowJoinResult(Node pairs, RowSchema<T> left, RowSchema<U> right) {
        this.pairs = pairs;
        this.left = left;
        this.right = right;
        pairs.graph().outputRows(pairs, left, right);
    }

    /** What a check's message calls an operator on these pairs: {@code filter on the pairs of Table<A> joined with Table<B>}. */
    private String on(String operator) {
        return operator + " on the pairs of Table<" + left.name() + "> joined with Table<" + right.name() + ">";
    }

    @Override
    public <R> Table<R> select(Projection<R> projection) {
        ColumnScope.ofJoin(on("select"), left, right).forSelect().check(projection.fields());
        if (!LookupTable.in(projection.fields()).isEmpty()) {
            throw new IllegalArgumentException("ix in a select of a join's pairs: select the pairs into a table first, then look up from it");
        }
        return DataflowTable.select(pairs, projection, (row, out) -> DataflowTable.encodePair((JoinedRow) row, out, left, right));
    }

    @Override
    public JoinResult<T, U> filter(Expr<Boolean> predicate) {
        ColumnScope.ofJoin(on("filter"), left, right).check(predicate);
        return new DataflowJoinResult<>(new FilterNode(pairs.graph(), pairs, predicate), left, right);
    }

    @Override
    public GroupedTable<JoinResult<T, U>> groupBy(Expr<?>... keys) {
        Expr<?>[] copy = keys.clone();
        ColumnScope.ofJoin(on("groupBy"), left, right).check(copy);
        return new GroupedTable<>() {
            @Override
            public <R> Table<R> reduce(Projection<R> projection) {
                ColumnScope.ofJoinReduce(on("groupBy(...).reduce"), left, right).check(projection.fields());
                return new DataflowTable<>(new GroupByNode(pairs.graph(), pairs, copy, projection), projection.schema());
            }
        };
    }

    @Override
    public String toString() {
        return "pairs of " + left.name() + " and " + right.name() + " from " + pairs;
    }
}
