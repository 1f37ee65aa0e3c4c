package dev.tideway;

import dev.tideway.schema.ValueType;

/**
 * A typed expression over the rows of a table: a column, a constant, or a computation on others.
 * Expressions are checked by javac: an {@code Expr<String>} cannot go where an {@code Expr<Long>}
 * is expected.
 *
 * @param <V> the type of the expression's value
 */
public interface Expr<V> {
    /** The value type of the result, used to encode, compare and hash it. */
    ValueType<V> type();

    /**
     * Evaluates the expression on one input row: a row of the table the expression is applied to,
     * or the pair of rows a join matched.
     */
    V eval(Object row);
}
