package dev.tideway.internal.persistence;

import dev.tideway.internal.engine.SourceNode;
import dev.tideway.persistence.PersistenceConfig;
import dev.tideway.persistence.PersistenceMode;
import dev.tideway.persistence.SnapshotAccess;

/**
 * What a persisted run reads and writes, derived from its {@link PersistenceMode} and
 * {@link SnapshotAccess}:
 *
 * <table>
 * <caption>modes (with FULL access)</caption>
 * <tr><th>mode</th><th>sources in the state</th><th>operators in the state</th><th>sinks at start</th></tr>
 * <tr><td>PERSISTING</td><td>all, with their rows</td><td>all</td><td>continue at the committed length</td></tr>
 * <tr><td>SELECTIVE_PERSISTING</td><td>those with an explicit id, with rows</td><td>named ones</td><td>rewritten from the start</td></tr>
 * <tr><td>UDF_CACHING</td><td>those with an explicit id, positions only</td><td>none (UDF caches only)</td><td>rewritten</td></tr>
 * <tr><td>BATCH, SPEEDRUN_REPLAY</td><td>all, with rows (only when new input is read)</td><td>none: rebuilt from the input</td><td>rewritten: they receive the replay</td></tr>
 * </table>
 *
 * <p>Snapshot access then narrows it (see {@link SnapshotAccess}): {@code RECORD} and
 * {@code OFFSETS_ONLY} replay no data (the sources resume at their recorded positions, the
 * operators start empty and keep no state, the sinks start afresh), {@code REPLAY} writes nothing,
 * {@code OFFSETS_ONLY} records positions only.
 *
 * @param replayData what was recorded reaches the operators: restored from the snapshot and the log
 *     tail replayed; else the sources only take in what they read, to resume after it
 * @param write commit the state after each batch
 * @param rows sources keep their rows in the state (and log them); else only their positions
 * @param operators which operators keep their state: ALL, NAMED or NONE
 * @param sinksContinue sinks continue at their committed length (the replay is suppressed); else
 *     they start afresh and receive everything the replay and rebuild produce
 * @param explicitIdsOnly only sources with an explicit persistent id are in the state
 * @param replay how what was recorded is replayed
 * @param recordOnlyNew write the state only once new input was read (the replay modes: a replay
 *     that reads nothing new leaves the state as it was); else snapshot at the first commit
 */
record RunPlan(boolean replayData, boolean write, boolean rows, Operators operators, boolean sinksContinue,
               boolean explicitIdsOnly, Replay replay, boolean recordOnlyNew) {

    /** Which operators keep their state. */
    enum Operators { ALL, NAMED, NONE }

    /** How what was recorded is replayed. */
    enum Replay {
        /** Not at all. */
        NONE,
        /** The snapshot at once, then the log tail batch by batch with the original times (recovery). */
        BATCHES,
        /** Every batch with its original time: the snapshot's rows by the time they were read, then the log tail (SPEEDRUN_REPLAY). */
        ORIGINAL_BATCHES,
        /** Everything recorded as one batch (BATCH). */
        ONE_BATCH
    }

    static RunPlan of(PersistenceConfig config) {
        RunPlan plan = switch (config.mode()) {
            case PERSISTING -> new RunPlan(true, true, true, Operators.ALL, true, false, Replay.BATCHES, false);
            case SELECTIVE_PERSISTING -> new RunPlan(true, true, true, Operators.NAMED, false, true, Replay.BATCHES, false);
            case UDF_CACHING -> new RunPlan(true, true, false, Operators.NONE, false, true, Replay.NONE, false);
            case BATCH -> new RunPlan(true, true, true, Operators.NONE, false, false, Replay.ONE_BATCH, true);
            case SPEEDRUN_REPLAY -> new RunPlan(true, true, true, Operators.NONE, false, false, Replay.ORIGINAL_BATCHES, true);
        };
        return switch (config.snapshotAccess()) {
            case FULL -> plan;
            case RECORD -> new RunPlan(false, true, plan.rows, Operators.NONE, false, plan.explicitIdsOnly, Replay.NONE,
                    plan.recordOnlyNew);
            case REPLAY -> new RunPlan(plan.replayData, false, plan.rows, plan.operators, plan.sinksContinue, plan.explicitIdsOnly,
                    plan.replay, plan.recordOnlyNew);
            case OFFSETS_ONLY -> new RunPlan(false, true, false, Operators.NONE, false, plan.explicitIdsOnly, Replay.NONE,
                    plan.recordOnlyNew);
        };
    }

    /** Whether the source's input is in the state. */
    boolean persists(SourceNode<?> source) {
        return !explicitIdsOnly || source.explicitId() != null;
    }
}
