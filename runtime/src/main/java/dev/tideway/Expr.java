package dev.tideway;

import dev.tideway.schema.ValueType;
import java.util.List;

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

    /**
     * Whether the expression gives the same value for the same row every time. A select or map with
     * a non-deterministic expression remembers the values it produced, to retract exactly those.
     */
    default boolean deterministic() {
        return true;
    }

    /**
     * The expressions this one is computed from (none for a column or a constant). When a pipeline
     * is built, Tideway walks them to check that every column an operator reads belongs to the
     * table it reads; an expression implemented outside Tideway that returns none is not checked.
     */
    default List<Expr<?>> operands() {
        return List.of();
    }

    // ---- comparisons, as in SQL: a null operand gives false ----

    default Expr<Boolean> eq(Expr<V> other) {
        return Exprs.eq(this, other);
    }

    default Expr<Boolean> eq(V constant) {
        return Exprs.eq(this, Exprs.lit(constant, type()));
    }

    default Expr<Boolean> ne(Expr<V> other) {
        return Exprs.not(Exprs.eq(this, other));
    }

    default Expr<Boolean> ne(V constant) {
        return Exprs.not(eq(constant));
    }

    default Expr<Boolean> lt(Expr<V> other) {
        return Exprs.compare(this, other, "<", c -> c < 0);
    }

    default Expr<Boolean> lt(V constant) {
        return lt(Exprs.lit(constant, type()));
    }

    default Expr<Boolean> le(Expr<V> other) {
        return Exprs.compare(this, other, "<=", c -> c <= 0);
    }

    default Expr<Boolean> le(V constant) {
        return le(Exprs.lit(constant, type()));
    }

    default Expr<Boolean> gt(Expr<V> other) {
        return Exprs.compare(this, other, ">", c -> c > 0);
    }

    default Expr<Boolean> gt(V constant) {
        return gt(Exprs.lit(constant, type()));
    }

    default Expr<Boolean> ge(Expr<V> other) {
        return Exprs.compare(this, other, ">=", c -> c >= 0);
    }

    default Expr<Boolean> ge(V constant) {
        return ge(Exprs.lit(constant, type()));
    }

    default Expr<Boolean> isNull() {
        return Exprs.isNull(this);
    }

    /** Whether the value is present: neither null nor an empty Optional. */
    default Expr<Boolean> isNotNull() {
        return Exprs.isNotNull(this);
    }
}
