package dev.tideway.persistence;

import dev.tideway.engine.SourceNode;

/**
 * What a persisted run reads and writes, derived from its {@link PersistenceMode} and
 * {@link SnapshotAccess}:
 *
 * <table>
 * <caption>modes</caption>
 * <tr><th>mode</th><th>sources in the state</th><th>operators in the state</th><th>sinks at start</th></tr>
 * <tr><td>PERSISTING</td><td>all, with their rows</td><td>all</td><td>continue at the committed length</td></tr>
 * <tr><td>SELECTIVE_PERSISTING</td><td>those with an explicit id, with rows</td><td>named ones</td><td>rewritten from the start</td></tr>
 * <tr><td>UDF_CACHING</td><td>those with an explicit id, positions only</td><td>none (UDF caches only)</td><td>rewritten</td></tr>
 * <tr><td>BATCH, SPEEDRUN_REPLAY</td><td>read, never written</td><td>rebuilt from the input</td><td>rewritten</td></tr>
 * </table>
 *
 * <p>Snapshot access then narrows it: {@code RECORD} never loads, {@code REPLAY} never writes,
 * {@code OFFSETS_ONLY} keeps only source positions (no rows, no operators, no log).
 *
 * @param load read the committed state at start
 * @param write commit the state after each batch
 * @param rows sources keep their rows in the state (and log them); else only their positions
 * @param operators which operators keep their state: ALL, NAMED or NONE
 * @param sinksContinue sinks continue at their committed length (the replay is suppressed); else
 *     they start afresh and receive everything the replay and rebuild produce
 * @param explicitIdsOnly only sources with an explicit persistent id are in the state
 * @param replay how the log after the snapshot is replayed
 */
record RunPlan(boolean load, boolean write, boolean rows, Operators operators, boolean sinksContinue, boolean explicitIdsOnly,
               Replay replay) {

    /** Which operators keep their state. */
    enum Operators { ALL, NAMED, NONE }

    /** How the log tail is replayed. */
    enum Replay {
        /** Not at all. */
        NONE,
        /** Batch by batch with the original times (recovery; SPEEDRUN_REPLAY). */
        BATCHES,
        /** Everything recorded as one batch (BATCH). */
        ONE_BATCH
    }

    static RunPlan of(PersistenceConfig config) {
        RunPlan plan = switch (config.mode()) {
            case PERSISTING -> new RunPlan(true, true, true, Operators.ALL, true, false, Replay.BATCHES);
            case SELECTIVE_PERSISTING -> new RunPlan(true, true, true, Operators.NAMED, false, true, Replay.BATCHES);
            case UDF_CACHING -> new RunPlan(true, true, false, Operators.NONE, false, true, Replay.NONE);
            case BATCH -> new RunPlan(true, false, true, Operators.NONE, false, false, Replay.ONE_BATCH);
            case SPEEDRUN_REPLAY -> new RunPlan(true, false, true, Operators.NONE, false, false, Replay.BATCHES);
        };
        if (config.mode() == PersistenceMode.BATCH || config.mode() == PersistenceMode.SPEEDRUN_REPLAY) {
            return plan;
        }
        return switch (config.snapshotAccess()) {
            case FULL -> plan;
            case RECORD -> new RunPlan(false, true, plan.rows, plan.operators, false, plan.explicitIdsOnly, Replay.NONE);
            case REPLAY -> new RunPlan(true, false, plan.rows, plan.operators, plan.sinksContinue, plan.explicitIdsOnly, plan.replay);
            case OFFSETS_ONLY -> new RunPlan(true, true, false, Operators.NONE, false, plan.explicitIdsOnly, Replay.NONE);
        };
    }

    /** Whether the source's input is in the state. */
    boolean persists(SourceNode<?> source) {
        return !explicitIdsOnly || source.explicitId() != null;
    }
}
