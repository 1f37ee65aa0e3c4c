package dev.tideway.internal.engine;

import dev.tideway.ErrorLogEntry;
import dev.tideway.UserFunctionException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The error log table of a pipeline (as Pathway's global error log): the rows the other nodes
 * withheld because user code failed on them, one {@link ErrorLogEntry} each, inserted at the batch
 * that met the error and never retracted. The graph flushes it after every node that does not read
 * it, so a batch's errors are in the table at that batch.
 *
 * <p>Its rows are computed, not read: a restart that replays the log meets the same errors again and
 * inserts the same rows (with the same keys), which the suppressed sinks do not write twice. A node
 * that reads the error log (directly or not) reports its own errors to the application's log only,
 * so that an error cannot feed itself.
 */
public final class ErrorLogNode extends Node {
    private final List<ErrorLogEntry> pending = new ArrayList<>();
    private Set<Node> readers;

    ErrorLogNode(Graph graph) {
        super(graph, "error-log");
    }

    /** The entry for an error met at the logical time {@code time}. */
    static ErrorLogEntry entryOf(UserFunctionException error, long time) {
        Throwable cause = error.getCause() == null ? error : error.getCause();
        return new ErrorLogEntry(error.operator(), error.operatorName().orElse(null), String.valueOf(cause),
                String.format(Locale.ROOT, "%016x", error.key()), error.row(), error.origin().orElse(null), time);
    }

    /**
     * Takes an error reported by {@code node} into the table at the end of this batch; returns false
     * (and only logs it) when {@code node} reads the error log.
     */
    boolean accept(Node node, ErrorLogEntry entry) {
        if (readers().contains(node)) {
            return false;
        }
        pending.add(entry);
        return true;
    }

    /** The nodes that read this one, directly or not. */
    private Set<Node> readers() {
        if (readers == null) {
            Set<Node> found = new HashSet<>();
            Deque<Node> next = new ArrayDeque<>(consumers());
            while (!next.isEmpty()) {
                Node node = next.pop();
                if (found.add(node)) {
                    next.addAll(node.consumers());
                }
            }
            readers = found;
        }
        return readers;
    }

    @Override
    protected void push(int port, Changes changes) {
        throw new IllegalStateException("the error log has no inputs");
    }

    @Override
    protected void flush(long time) {
        for (int i = 0; i < pending.size(); i++) {
            emit(keyOf(time, i), pending.get(i), 1);
        }
        pending.clear();
    }

    /** A row's key: its batch's time and its place in the batch, the same when a replay meets the errors again. */
    private static long keyOf(long time, int ordinal) {
        return KeyHasher.combine(time, ordinal);
    }
}
