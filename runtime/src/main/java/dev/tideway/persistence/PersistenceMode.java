package dev.tideway.persistence;

/**
 * What a persisted run keeps and where its replay goes, as Pathway's {@code pw.PersistenceMode};
 * the {@link SnapshotAccess} then says whether it replays and records at all.
 *
 * <p>In {@code BATCH} and {@code SPEEDRUN_REPLAY} the sinks receive the replay: they start afresh,
 * and must not be an output that the state continues (such a run is refused, naming the output).
 * With FULL or RECORD access they record new input, if any, after what was recorded (a replay that
 * reads nothing new leaves the state exactly as it was); the next {@code PERSISTING} run then
 * rebuilds its operators from the recorded input and rewrites its outputs.
 *
 * <pre>{@code
 * // reproduce, into another output, what a pipeline saw: batch by batch, at the original times
 * Tideway.run(RunConfig.defaults().withPersistence(PersistenceConfig.of(Backend.filesystem(state))
 *         .withMode(PersistenceMode.SPEEDRUN_REPLAY).withSnapshotAccess(SnapshotAccess.REPLAY)
 *         .withContinueAfterReplay(false)));
 * }</pre>
 */
public enum PersistenceMode {
    /**
     * Every source's input is logged and every operator's state snapshotted (the default). A restart
     * restores the state and replays the log tail into the operators only: the sinks continue at
     * their committed lengths and receive only what follows.
     */
    PERSISTING,
    /** Only sources with an explicit id (and named operators) are persisted; the sinks are rewritten. */
    SELECTIVE_PERSISTING,
    /** Only the results of caching UDFs are persisted; sources with an explicit id resume from their positions. */
    UDF_CACHING,
    /** Replays everything recorded into the sinks as one batch, then continues with the new input. */
    BATCH,
    /**
     * Replays everything recorded into the sinks with its original batches at their original
     * times, then continues with the new input. The rows held by a snapshot are replayed by the
     * batch (time) that read them, the log written after it batch by batch; rows deleted before
     * the snapshot, and a file's versions before the one the snapshot holds, are not replayed (the
     * snapshot no longer holds them), so their batches are reproduced only as far as they left rows.
     */
    SPEEDRUN_REPLAY
}
