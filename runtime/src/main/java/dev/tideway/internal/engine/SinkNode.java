package dev.tideway.internal.engine;

import dev.tideway.UserFunctionException;
import dev.tideway.spi.OutputConnector;
import dev.tideway.spi.TransactionalOutputConnector;
import dev.tideway.schema.RowSchema;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The end of a dataflow branch: collects the changes of each logical time, consolidates them, and
 * hands them to an output connector when the time ends.
 *
 * @param <T> the row type
 */
public final class SinkNode<T> extends Node {
    private final OutputConnector<T> connector;
    private final RowSchema<T> schema;
    private final Changes pending = new Changes();
    private boolean suppressed;
    private boolean open;
    private long rowsWritten;
    private long committedPosition = -1;

    public SinkNode(Graph graph, Node input, RowSchema<T> schema, OutputConnector<T> connector) {
        super(graph, "sink", input);
        this.connector = connector;
        this.schema = schema;
    }

    @Override
    public String definition() {
        return new dev.tideway.internal.engine.identity.OperatorDefinition(kind()).param("connector", connector.definition())
                .schema("rows", schema).text();
    }

    public OutputConnector<T> connector() {
        return connector;
    }

    /** While suppressed (replaying the log), changes update nothing outside the engine. */
    public void suppress(boolean suppress) {
        this.suppressed = suppress;
    }

    public void open(long committedPosition) throws IOException {
        open(committedPosition, null);
    }

    /**
     * Opens the sink at its committed position; a transactional sink then recovers the transaction
     * {@code prepared} describes (see {@link TransactionalOutputConnector#recover}).
     */
    public void open(long committedPosition, byte[] prepared) throws IOException {
        connector.open(committedPosition);
        open = true;
        if (connector instanceof TransactionalOutputConnector<T> transactional) {
            transactional.recover(prepared);
        }
    }

    /** Whether the sink commits a transaction of its own in two phases. */
    public boolean transactional() {
        return connector instanceof TransactionalOutputConnector<?>;
    }

    @Override
    protected void push(int port, Changes changes) {
        if (!suppressed) {
            pending.addAll(changes);
        }
    }

    @Override
    protected void flush(long time) {
        if (pending.isEmpty()) {
            return;
        }
        pending.consolidate();
        rowsWritten += pending.size();
        try {
            if (!pending.isEmpty() && withholdsFailures() && !connector.exclusive()) {
                writeEach(time);
            } else if (!pending.isEmpty()) {
                connector.write(time, pending.asBatch(), schema);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to " + connector.name() + ": " + e.getMessage(), e);
        } catch (UserFunctionException e) {
            // a callback's failure, told by the connector: add where the row came from
            throw failure(this + " (" + connector.name() + ")", e.getCause(), e.key(), e.row());
        } finally {
            pending.clear();
        }
    }

    /**
     * Hands the changes to a callback one by one, so that a change the callback fails on is reported
     * to the error log and the others still reach it.
     */
    private void writeEach(long time) throws IOException {
        Changes one = new Changes(1);
        for (int i = 0; i < pending.size(); i++) {
            one.clear();
            one.add(pending.key(i), pending.row(i), pending.diff(i));
            try {
                connector.write(time, one.asBatch(), schema);
            } catch (UserFunctionException e) {
                rowsWritten--;
                withhold(failure(this + " (" + connector.name() + ")", e.getCause(), e.key(), e.row()), 1);
            }
        }
    }

    /** The changes handed to the connector so far, for metrics; read on the run's thread. */
    public long rowsWritten() {
        return rowsWritten;
    }

    /** Makes the sink's writes durable; returns its position to persist, or -1. */
    public long commit() throws IOException {
        long position = connector.commit();
        committedPosition = position;
        return position;
    }

    /** The position the last commit returned (a file's length), or -1; read on the run's thread. */
    public long committedPosition() {
        return committedPosition;
    }

    /** What a transactional sink needs to finish the transaction its last commit prepared, or null. */
    public byte[] prepared() {
        return connector instanceof TransactionalOutputConnector<T> transactional ? transactional.prepared() : null;
    }

    /** Commits a transactional sink's prepared transaction, once the commit that names it is durable. */
    public void commitPrepared() throws IOException {
        if (connector instanceof TransactionalOutputConnector<T> transactional) {
            transactional.commitPrepared();
        }
    }

    public void close() throws IOException {
        if (open) {
            open = false;
            connector.close();
        }
    }
}
