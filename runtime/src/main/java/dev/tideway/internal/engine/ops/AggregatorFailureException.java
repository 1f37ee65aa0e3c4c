package dev.tideway.internal.engine.ops;

/**
 * A reducer's aggregator (its {@code add} or {@code retract}) failed while a row was added to or
 * taken out of a group. Unlike a failure of the reducer's input expression, which fails again on the
 * row's retraction, such a failure cannot be withheld: the retraction would reach the aggregator as a
 * value it never took (or, for an add-only aggregator, take out an equal value of another row), and
 * the group's state would drift from its rows. The operator stops the run with it, also when the run
 * withholds failing rows.
 */
public final class AggregatorFailureException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    AggregatorFailureException(String reducer, RuntimeException cause) {
        super("the aggregator of " + reducer + " failed: " + cause + "; a reducer's own failure stops the run even when"
                + " failing rows are withheld (withTerminateOnError(false)): check the values in the reducer's input"
                + " expression instead (Exprs.apply), where a failure withholds the row", cause);
    }

    AggregatorFailureException(String message, RuntimeException cause, RuntimeException first) {
        super(message, cause);
        addSuppressed(first);
    }
}
