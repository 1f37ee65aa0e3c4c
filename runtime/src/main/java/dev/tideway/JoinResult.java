package dev.tideway;

import dev.tideway.internal.engine.JoinedRow;
import dev.tideway.schema.ValueType;

/**
 * The matched pairs of a join, to be turned into rows by {@link #select}, whose expressions read
 * either side with {@link #left} and {@link #right}.
 *
 * <pre>{@code
 * orders.join(customers, JoinOn.of(Order_.customerId, Customer_.id))
 *       .select(OrderView_.of(JoinResult.left(Order_.id), JoinResult.right(Customer_.name)));
 * }</pre>
 *
 * @param <T> the left row type
 * @param <U> the right row type
 */
public interface JoinResult<T, U> {
    /** One row per matched pair (and per unmatched row of an outer side, whose other side reads null). */
    <R> Table<R> select(Projection<R> projection);

    /**
     * The pairs for which the predicate, over {@link #left} and {@link #right} columns, is true: a
     * filter of the join's result without declaring a record for it first.
     *
     * <pre>{@code
     * orders.join(customers, JoinOn.of(Order_.customerId, Customer_.id))
     *       .filter(JoinResult.right(Customer_.country).eq("NO"))
     *       .select(OrderView_.of(JoinResult.left(Order_.id), JoinResult.right(Customer_.name)));
     * }</pre>
     */
    JoinResult<T, U> filter(Expr<Boolean> predicate);

    /**
     * The pairs grouped by expressions over {@link #left} and {@link #right} columns, to reduce each
     * group to one row (reducers of those columns too):
     *
     * <pre>{@code
     * orders.join(customers, JoinOn.of(Order_.customerId, Customer_.id))
     *       .groupBy(JoinResult.right(Customer_.country))
     *       .reduce(CountryTotal_.of(JoinResult.right(Customer_.country), Reducers.sum(JoinResult.left(Order_.amount))));
     * }</pre>
     */
    GroupedTable<JoinResult<T, U>> groupBy(Expr<?>... keys);

    /** A column of the left row of a pair; null for a right row with no match. */
    static <T, V> Expr<V> left(Column<T, V> column) {
        return new Side<>(column, true);
    }

    /** A column of the right row of a pair; null for a left row with no match. */
    static <U, V> Expr<V> right(Column<U, V> column) {
        return new Side<>(column, false);
    }

    /** A column read from one side of a {@link JoinedRow}. */
    final class Side<V> implements Expr<V>, dev.tideway.CanonicalForm {
        private final Column<?, V> column;
        private final boolean left;

        Side(Column<?, V> column, boolean left) {
            this.column = column;
            this.left = left;
        }

        /** The column read from the side. */
        public Column<?, V> column() {
            return column;
        }

        /** Whether the column is read from the left row of a pair (else from the right). */
        public boolean isLeft() {
            return left;
        }

        @Override
        public ValueType<V> type() {
            return column.type();
        }

        @Override
        public V eval(Object row) {
            JoinedRow pair = (JoinedRow) row;
            Object side = left ? pair.left() : pair.right();
            return side == null ? null : column.eval(side);
        }

        /** Equal when they read the same column of the same side: {@code groupBy(right(c))} matches {@code right(c)} in the reduce. */
        @Override
        public boolean equals(Object o) {
            return o instanceof Side<?> other && other.column == column && other.left == left;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(column) * 2 + (left ? 1 : 0);
        }

        @Override
        public String canonicalForm() {
            return (left ? "left." : "right.") + column.canonicalForm();
        }

        @Override
        public String toString() {
            return (left ? "left." : "right.") + column;
        }
    }
}
