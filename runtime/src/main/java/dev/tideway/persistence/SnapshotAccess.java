package dev.tideway.persistence;

/** Whether a persisted run reads and writes its state, as Pathway's {@code pw.SnapshotAccess}. */
public enum SnapshotAccess {
    /** Replay what was recorded, then record what follows (the default). */
    FULL,
    /** Record only; never replay. */
    RECORD,
    /** Replay only; write nothing. */
    REPLAY,
    /** Keep only source positions: resume without replaying data. */
    OFFSETS_ONLY
}
