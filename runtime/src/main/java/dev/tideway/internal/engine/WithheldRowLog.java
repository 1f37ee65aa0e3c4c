package dev.tideway.internal.engine;

import dev.tideway.ErrorLogEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the rows withheld because of errors to the application's log: the first ten of a batch at
 * WARN, each with its operator, error, key, values and origin, then one line saying that more
 * followed. A bad input that fails every row would otherwise flood the log; the error log table and
 * the metric {@code tideway.operator.errors} hold them all.
 */
final class WithheldRowLog {
    private static final Logger LOG = LoggerFactory.getLogger("dev.tideway.errors");
    private static final int LOGGED_PER_BATCH = 10;

    private long batch = Long.MIN_VALUE;
    private int loggedInBatch;

    void log(ErrorLogEntry entry) {
        if (entry.failedAt() != batch) {
            batch = entry.failedAt();
            loggedInBatch = 0;
        }
        loggedInBatch++;
        if (loggedInBatch <= LOGGED_PER_BATCH) {
            LOG.warn("withheld a row of {}{}, key {}: {}; the row: {}{}", entry.operator(),
                    entry.operatorName() == null ? "" : " (named \"" + entry.operatorName() + "\")", entry.key(), entry.error(),
                    entry.row(), entry.origin() == null ? "" : "; it came from " + entry.origin());
        } else if (loggedInBatch == LOGGED_PER_BATCH + 1) {
            LOG.warn("more rows withheld in this batch: the error log table (Tideway.errorLog()) and the metric"
                    + " tideway.operator.errors hold them all");
        }
    }
}
