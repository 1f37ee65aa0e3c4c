package dev.tideway.persistence;

/**
 * What a persisted run replays from its state and records into it, as Pathway's
 * {@code pw.SnapshotAccess} (the semantics of Pathway's {@code test_replay}). It applies in every
 * {@link PersistenceMode}; the mode says where a replay goes (to the sinks, or only into the
 * operators' state).
 *
 * <table>
 * <caption>snapshot access</caption>
 * <tr><th>access</th><th>replays what was recorded</th><th>records</th></tr>
 * <tr><td>FULL</td><td>yes</td><td>the new input, after what was recorded</td></tr>
 * <tr><td>RECORD</td><td>no</td><td>the new input, after what was recorded</td></tr>
 * <tr><td>REPLAY</td><td>yes</td><td>nothing</td></tr>
 * <tr><td>OFFSETS_ONLY</td><td>no</td><td>the sources' positions only</td></tr>
 * </table>
 *
 * <p>A run that replays nothing (RECORD, OFFSETS_ONLY) still resumes every source after what was
 * recorded: a file read before is not read again (with OFFSETS_ONLY, a file that grew is read on
 * after the rows read before, as from an offset), a push source's recorded rows are not read again.
 * Its operators start empty and see only the new input, its outputs start afresh, and its operators'
 * state is not recorded: the next run that replays rebuilds them from everything recorded and
 * rewrites its outputs. A state written with OFFSETS_ONLY (or by {@link PersistenceMode#UDF_CACHING})
 * holds positions, not rows: what was recorded before is no longer replayable.
 *
 * <p>Example, with a push source fed 15 rows in 15 batches by a first run (Pathway's test):
 * a second run in {@code SPEEDRUN_REPLAY} with RECORD and 10 new rows emits those 10 only, and a
 * third in {@code SPEEDRUN_REPLAY} with REPLAY emits all 25, in their 25 batches.
 */
public enum SnapshotAccess {
    /** Replay what was recorded, then record what follows (the default). */
    FULL,
    /** Replay nothing; resume after what was recorded, and record what follows after it. */
    RECORD,
    /** Replay what was recorded; record nothing (the state is left as it was). */
    REPLAY,
    /** Replay nothing; resume at the recorded positions, and keep only positions (no rows, no log). */
    OFFSETS_ONLY
}
