package dev.tideway.internal.engine.time;

import dev.tideway.Expr;

/**
 * An event-time expression evaluated to ticks. A row whose time is null cannot be placed in time:
 * the run stops with an error naming the operator, the column and the row.
 *
 * <p>Evaluating the expression ({@link #value}) runs the user's code, if it holds any (a UDF that
 * parses a time), so operators report what it throws with the row; turning the value into ticks
 * ({@link #ticks}) is Tideway's, and its errors are its own.
 */
public final class EventTime {
    private final Expr<?> expr;
    private final TimeKind kind;
    private final String operator;

    public EventTime(Expr<?> expr, String operator) {
        this.expr = expr;
        this.kind = TimeKind.of(expr, operator);
        this.operator = operator;
    }

    public TimeKind kind() {
        return kind;
    }

    public Expr<?> expr() {
        return expr;
    }

    /** The expression's value on a row: what the user's code in it, if any, computes. */
    public Object value(Object row) {
        return expr.eval(row);
    }

    /**
     * The ticks of {@code value}, which {@link #value} gave for {@code row}.
     *
     * @throws IllegalArgumentException if the value is null, or a time out of the range ticks count
     */
    public long ticks(Object value, Object row) {
        if (value == null) {
            throw new IllegalArgumentException(operator + ": a row has no event time (" + expr + " is null): " + row
                    + "; give every row a time, or filter out the rows without one before " + operator);
        }
        return kind.ticks(value);
    }

    /** The time expression as canonical text. */
    public String canonicalForm() {
        return dev.tideway.internal.engine.identity.Canonical.expr(expr);
    }

    @Override
    public String toString() {
        return String.valueOf(expr);
    }
}
