package dev.tideway.spi;

import java.io.IOException;

/**
 * A sink whose writes become visible only when it commits a transaction of its own (a Kafka
 * transaction, a database transaction), made part of Tideway's commit in two phases, as Flink's
 * {@code TwoPhaseCommitSinkFunction} does with its checkpoints.
 *
 * <p><b>A commit</b>, in the order the engine calls:
 * <ol>
 *   <li>{@link #commit()}, the pre-commit: everything written since the last commit is made durable
 *       inside the sink's open transaction, not yet visible (Kafka: sent and flushed); returns the
 *       sink's position, which must change whenever the transaction holds something;</li>
 *   <li>{@link #prepared()}: what is needed to finish that transaction after a crash, or null when
 *       it holds nothing. With persistence, the engine writes these bytes to its snapshot storage
 *       and then the metadata naming them: from then on the transaction is part of the committed
 *       state;</li>
 *   <li>{@link #commitPrepared()}, only after the metadata is durable: the transaction is
 *       committed and becomes visible.</li>
 * </ol>
 * A crash before the metadata write leaves the transaction open: the next run aborts it and
 * computes that batch again. A crash after it leaves a transaction that the metadata names, which
 * may or may not have been committed.
 *
 * <p><b>Recovery.</b> {@link #open(long)} is called with the committed position (or -1 when the
 * sink starts afresh), then {@link #recover(byte[])} with the prepared bytes of that position (null
 * when there are none, or the sink starts afresh). The sink fences or aborts whatever transaction
 * a crashed run left open, and makes sure the prepared transaction ends committed exactly once:
 * if it was committed, nothing is written again; if it was aborted, its contents are written again
 * and committed with the next commit. So consumers that read only committed data see every change
 * exactly once.
 *
 * <p>Without persistence the engine calls {@code commit()} and then {@code commitPrepared()} after
 * every batch, and {@code recover(null)} after {@code open(-1)}. Called from the run's thread only.
 *
 * @param <T> the row type
 */
public interface TransactionalOutputConnector<T> extends OutputConnector<T> {
    /**
     * What must be kept to finish the transaction that the last {@link #commit()} prepared, or null
     * when it holds nothing. Read by the engine right after {@code commit()}.
     */
    byte[] prepared();

    /**
     * Commits the transaction that the last {@link #commit()} prepared (nothing if it holds
     * nothing). Called after the commit's metadata is durable; a failure fails the run, and the
     * next run finishes the transaction through {@link #recover(byte[])}.
     */
    void commitPrepared() throws IOException;

    /**
     * Called once after {@link #open(long)}: aborts or fences whatever a previous run left open and
     * finishes the prepared transaction that the last committed metadata names, as the class
     * comment says. {@code prepared} is the value {@link #prepared()} returned for the committed
     * position, or null.
     */
    void recover(byte[] prepared) throws IOException;
}
