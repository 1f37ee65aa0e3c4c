package dev.tideway.internal.engine;

import dev.tideway.ErrorLogEntry;

/**
 * Hears of every row withheld because of an error, beside the error log table: the run's monitor
 * counts them and keeps the last ones for the status page. Called on the run's thread.
 */
@FunctionalInterface
public interface ErrorReporter {
    /**
     * @param node the node that withheld the row
     * @param entry the error
     * @param logged whether the error log table took it (false when the pipeline has none, or the
     *     node reads the error log itself)
     */
    void reported(Node node, ErrorLogEntry entry, boolean logged);

    /** Hears nothing. */
    ErrorReporter NONE = (node, entry, logged) -> {};
}
