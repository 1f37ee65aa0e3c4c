package dev.tideway.internal.engine;

import dev.tideway.schema.BinaryReader;
import dev.tideway.schema.BinaryWriter;

/**
 * A node whose state is persisted in snapshots. It writes its state with the schemas' codecs and
 * reads it back into a fresh node of the same pipeline; nothing is emitted by a restore.
 */
public interface Stateful {
    void snapshot(BinaryWriter out);

    void restore(BinaryReader in);

    /** Whether the node holds state at all (a deterministic select does not). */
    default boolean hasState() {
        return true;
    }

    /**
     * Whether replaying its input rebuilds exactly the state the node had (false for a
     * non-deterministic function, whose second call may give another value than the output holds).
     * A pipeline with such a node snapshots at every commit, so that nothing of it is ever replayed.
     */
    default boolean replayable() {
        return true;
    }

    /**
     * Whether input the node has seen, fed again, leaves its state and output as they are (a
     * deduplicate's acceptor refuses it); such a node may keep its state while a source that is not
     * persisted is read again in full.
     */
    default boolean absorbsRepeatedInput() {
        return false;
    }

    /**
     * Whether the node's output is its input, passed through (a watermark, a late-data filter): its
     * state is not the rows it emits. While operators after it are rebuilt from the recorded input,
     * such a restored node is not muted: what its inputs re-emit flows through it, judged by its
     * restored state, and its {@link #reemit} adds nothing.
     */
    default boolean forwardsInput() {
        return false;
    }

    /**
     * How many rows the node's state holds (groups, joined rows, windows, remembered values), for
     * metrics; -1 when the node does not count them. Called on the run's thread after each batch, so
     * it must be cheap: a count kept as the state changes, not a walk over it.
     */
    default long stateRows() {
        return -1;
    }

    /**
     * Emits, as insertions, the output the node's state stands for: how a restored node feeds the
     * operators after it that are being rebuilt from the input.
     */
    void reemit();
}
