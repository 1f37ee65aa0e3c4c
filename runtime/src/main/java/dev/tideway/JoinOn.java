package dev.tideway;

/**
 * One equality condition of a join: a column of the left table and a column of the right table of
 * the same type.
 *
 * <pre>{@code orders.join(customers, JoinOn.of(Order_.customerId, Customer_.id)) }</pre>
 *
 * @param <T> the left row type
 * @param <U> the right row type
 */
public record JoinOn<T, U>(Expr<?> left, Expr<?> right) {
    /** Rows match when the left column equals the right one. */
    public static <T, U, V> JoinOn<T, U> of(Column<T, V> left, Column<U, V> right) {
        return new JoinOn<>(left, right);
    }
}
