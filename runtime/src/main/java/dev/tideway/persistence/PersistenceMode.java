package dev.tideway.persistence;

/** What a persisted run records, as Pathway's {@code pw.PersistenceMode}. */
public enum PersistenceMode {
    /** Every source's input is logged and every operator's state snapshotted (the default). */
    PERSISTING,
    /** Only sources with an explicit id (and named operators) are persisted. */
    SELECTIVE_PERSISTING,
    /** Only the results of caching UDFs are persisted; sources with an explicit id still resume. */
    UDF_CACHING,
    /** Replays what was recorded as one batch, emitting outputs. */
    BATCH,
    /** Replays what was recorded with its original batch boundaries, emitting outputs. */
    SPEEDRUN_REPLAY
}
