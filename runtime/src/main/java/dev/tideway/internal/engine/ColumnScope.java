package dev.tideway.internal.engine;

import dev.tideway.Column;
import dev.tideway.Expr;
import dev.tideway.JoinResult;
import dev.tideway.Reducer;
import dev.tideway.schema.RowSchema;
import java.util.Collection;

/**
 * Checks, when an operator is added to a pipeline, that its expressions read only what its input
 * rows hold: columns of the table's record, or for the pairs of a join, a column of each side read
 * through {@code JoinResult.left}/{@code right}. A column of another table type-checks (an
 * {@code Expr<Boolean>} is an {@code Expr<Boolean>}) but would fail with a bare
 * {@code ClassCastException} at the first row; this makes it an error that names the operator, the
 * column and the table, before any row is read.
 *
 * <p>Expressions are walked through {@link Expr#operands()}; reducers are allowed only where a
 * {@code reduce} computes them, and {@linkplain Placeholder placeholders} nowhere: the operator they
 * belong to takes them out of what it checks, where it supplies their value.
 */
public final class ColumnScope {
    /**
     * An expression that has no value on a row, only where an operator supplies one: a window's
     * {@code start()} and {@code end()} stand for the bounds of the windows of one {@code windowBy},
     * as fields of its {@code reduce}. Met anywhere else, it is refused.
     */
    public interface Placeholder {
        /**
         * What it stands for and where it has a value, for messages, such as {@code the start of the
         * windows of windowBy on Table<Reading>: it has a value only as a field of their reduce(...)}.
         */
        String explanation();
    }

    private final String operation;
    private final RowSchema<?> rows;
    private final RowSchema<?> right;
    private final String fix;
    private final boolean reducers;
    /** Whether the expressions are a select's, which alone computes async UDFs and lookups. */
    private boolean select;

    private ColumnScope(String operation, RowSchema<?> rows, RowSchema<?> right, String fix, boolean reducers) {
        this.operation = operation;
        this.rows = rows;
        this.right = right;
        this.fix = fix;
        this.reducers = reducers;
    }

    /**
     * Expressions evaluated on the rows of one table.
     *
     * @param operation what reads them, for messages, such as {@code filter on Table<Order>}
     * @param fix what to do about a column of another record, such as {@code use a column of Order, or join first}
     */
    public static ColumnScope of(String operation, RowSchema<?> rows, String fix) {
        return new ColumnScope(operation, rows, null, fix, false);
    }

    /** Expressions evaluated on the rows of one table, inside a {@code reduce}: reducers allowed. */
    public static ColumnScope ofReduce(String operation, RowSchema<?> rows) {
        return new ColumnScope(operation, rows, null, "use a column of " + rows.name() + ", or join first", true);
    }

    /** Expressions evaluated on the pairs of a join of {@code left} with {@code right}. */
    public static ColumnScope ofJoin(String operation, RowSchema<?> left, RowSchema<?> right) {
        return new ColumnScope(operation, left, right, null, false);
    }

    /** Expressions evaluated on the pairs of a join, inside a {@code reduce} of the pairs: reducers allowed. */
    public static ColumnScope ofJoinReduce(String operation, RowSchema<?> left, RowSchema<?> right) {
        return new ColumnScope(operation, left, right, null, true);
    }

    /** This scope for a select's projection, where async UDFs and lookups ({@code ix}) are computed. */
    public ColumnScope forSelect() {
        this.select = true;
        return this;
    }

    /** The usual operation text for a table: {@code filter on Table<Order>}. */
    public static String on(String operator, RowSchema<?> rows) {
        return operator + " on Table<" + rows.name() + ">";
    }

    /**
     * Checks every expression.
     *
     * @throws IllegalArgumentException naming the operation, the expression at fault and the fix
     */
    public void check(Collection<? extends Expr<?>> exprs) {
        for (Expr<?> expr : exprs) {
            visit(expr);
        }
    }

    /** As {@link #check(Collection)}. */
    public void check(Expr<?>... exprs) {
        for (Expr<?> expr : exprs) {
            visit(expr);
        }
    }

    private void visit(Expr<?> expr) {
        if (expr instanceof Column<?, ?> column) {
            checkColumn(column);
        } else if (expr instanceof JoinResult.Side<?> side) {
            checkSide(side);
        } else if (expr instanceof Placeholder placeholder) {
            throw new IllegalArgumentException(operation + " uses " + expr + ", " + placeholder.explanation());
        } else {
            if (!select && (expr instanceof AsyncCall<?, ?> || expr instanceof LookupValue<?>)) {
                throw new IllegalArgumentException(operation + " uses " + expr + ", which only a select computes; select it into a"
                        + " column first, then use that column here");
            }
            if (expr instanceof Reducer<?> && !reducers) {
                throw new IllegalArgumentException(operation + " uses " + expr + ", a reducer, which has a value only per group;"
                        + " use it inside groupBy(...).reduce(...)");
            }
            for (Expr<?> operand : expr.operands()) {
                visit(operand);
            }
        }
    }

    private void checkColumn(Column<?, ?> column) {
        if (right != null) {
            throw new IllegalArgumentException(operation + " uses column " + column.qualifiedName() + " without saying which side of"
                    + " the pairs it is read from; use JoinResult.left(" + column.qualifiedName() + ") or JoinResult.right("
                    + column.qualifiedName() + ")");
        }
        if (column.rowType() != rows.type()) {
            throw new IllegalArgumentException(operation + " uses column " + column.qualifiedName() + " of " + recordName(column)
                    + "; " + fix);
        }
    }

    private void checkSide(JoinResult.Side<?> side) {
        Column<?, ?> column = side.column();
        String read = (side.isLeft() ? "JoinResult.left(" : "JoinResult.right(") + column.qualifiedName() + ")";
        if (right == null) {
            throw new IllegalArgumentException(operation + " uses " + read + ", which reads one side of a join's pairs; use "
                    + (column.rowType() == rows.type() ? column.qualifiedName() + " itself" : "a column of " + rows.name()));
        }
        RowSchema<?> side1 = side.isLeft() ? rows : right;
        RowSchema<?> other = side.isLeft() ? right : rows;
        if (column.rowType() == side1.type()) {
            return;
        }
        String where = operation + " uses " + read + ", but the " + (side.isLeft() ? "left" : "right") + " side holds "
                + side1.name() + " rows";
        if (column.rowType() == other.type()) {
            throw new IllegalArgumentException(where + "; read it with JoinResult." + (side.isLeft() ? "right(" : "left(")
                    + column.qualifiedName() + ")");
        }
        throw new IllegalArgumentException(where + ", and " + column.qualifiedName() + " is a column of " + recordName(column)
                + ", neither " + rows.name() + " nor " + right.name());
    }

    /** {@code Order.Line}: the column's record, named inside its package. */
    private static String recordName(Column<?, ?> column) {
        Class<?> type = column.rowType();
        String packageName = type.getPackageName();
        return type.getName().substring(packageName.isEmpty() ? 0 : packageName.length() + 1).replace('$', '.');
    }
}
