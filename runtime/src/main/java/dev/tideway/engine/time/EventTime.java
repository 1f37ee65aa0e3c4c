package dev.tideway.engine.time;

import dev.tideway.Expr;

/**
 * An event-time expression evaluated to ticks. A row whose time is null cannot be placed in time:
 * the run stops with an error naming the operator, the column and the row.
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

    /** The row's time in ticks. */
    public long of(Object row) {
        Object value = expr.eval(row);
        if (value == null) {
            throw new IllegalArgumentException(operator + ": a row has no event time (" + expr + " is null): " + row
                    + "; give every row a time, or filter out the rows without one before " + operator);
        }
        return kind.ticks(value);
    }

    @Override
    public String toString() {
        return String.valueOf(expr);
    }
}
