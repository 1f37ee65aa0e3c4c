package dev.tideway.internal.engine.ops;

import dev.tideway.schema.BinaryReader;
import dev.tideway.schema.BinaryWriter;

/**
 * The state of one reducer in one group: it takes rows in and out and gives the current aggregate.
 * Accumulators are persisted in snapshots, so they encode themselves with the value types' codecs.
 */
public interface Accumulator {
    /**
     * Adds ({@code diff} +1) or removes (-1) one row of the group: {@code row}, whose row key is
     * {@code key} (a removal names the row it removes by key and content).
     */
    void update(long key, Object row, int diff, long time);

    /** The aggregate of the rows held, or null if it has none (for example the max of no rows). */
    Object result();

    void snapshot(BinaryWriter out);

    void restore(BinaryReader in);
}
