package dev.tideway.internal.persistence;

/**
 * When a commit snapshots (step 4 of the commit protocol in {@code docs/state-format.md}): when
 * forced (the first commit after a recovery that rebuilt an operator or migrated a schema), when the
 * batch changed something and a snapshot must hold it (a replay mode's first new input, no log, the
 * last batch of a static run, or a non-deterministic operator, whose input cannot be replayed), or
 * when {@link dev.tideway.persistence.PersistenceConfig#snapshotIntervalMs} has passed with changes
 * not yet snapshotted. {@link Recovery} sets what the first commits owe (a resume under RECORD or
 * OFFSETS_ONLY always snapshots first); {@link CommitProtocol} asks {@link #due}, marks named
 * operators' state always changed, and reports each snapshot {@linkplain #taken taken}; the final
 * commit of a graceful end also snapshots when a UDF cache changed ({@link SnapshotWriter}).
 *
 * <p>Used on the run's thread only.
 */
final class SnapshotSchedule {
    private final long intervalMs;
    private long lastSnapshotAt;
    private boolean dirtySinceSnapshot;
    private boolean forceSnapshot;
    /** Snapshot at the first commit that recorded new input (the replay modes). */
    private boolean snapshotOnChange;

    SnapshotSchedule(long intervalMs) {
        this.intervalMs = intervalMs;
    }

    /** Starts the interval now: the state just recovered counts as snapshotted at this time. */
    void restart() {
        lastSnapshotAt = System.currentTimeMillis();
    }

    /**
     * After a recovery that replayed what was recorded: {@code dirty} when the state holds changes no
     * snapshot holds (a log tail was replayed, or there is no snapshot), {@code force} when the next
     * commit must snapshot (an operator rebuilt, a schema migrated, the pipeline changed). With
     * {@code onNewInputOnly} (the replay modes), both wait for the first commit that records new input.
     */
    void recovered(boolean dirty, boolean force, boolean onNewInputOnly) {
        dirtySinceSnapshot = dirty;
        forceSnapshot = force;
        if (onNewInputOnly) {
            // a replay that reads nothing new leaves the state as it was; new input is snapshotted with the sources
            snapshotOnChange = forceSnapshot || dirtySinceSnapshot;
            forceSnapshot = false;
            dirtySinceSnapshot = false;
        }
    }

    /** Whether the next commit snapshots whatever it holds. */
    void force(boolean force) {
        forceSnapshot = force;
    }

    /** The first commit that records new input snapshots. */
    void snapshotOnFirstChange() {
        snapshotOnChange = true;
    }

    /** The batch committed now changed the state ({@code changed}) or not; an unchanged batch leaves the state as dirty as it was. */
    void changed(boolean changed) {
        dirtySinceSnapshot |= changed;
    }

    /**
     * Whether the commit of a batch snapshots.
     *
     * @param changed the batch changed the sources' state
     * @param noLog no source logs (positions only): every change is committed by a snapshot
     * @param lastBatch every source is finished (a static run's last batch)
     * @param unreplayable a persisted operator cannot be rebuilt by replaying its input
     */
    boolean due(boolean changed, boolean noLog, boolean lastBatch, boolean unreplayable) {
        return forceSnapshot || (changed && (snapshotOnChange || noLog || lastBatch || unreplayable))
                || (dirtySinceSnapshot && System.currentTimeMillis() - lastSnapshotAt >= intervalMs);
    }

    /** Whether a state not yet snapshotted is waiting (for the final snapshot of a run that ends). */
    boolean pending() {
        return dirtySinceSnapshot || forceSnapshot;
    }

    /** A snapshot was written: nothing is owed, and the interval starts again. */
    void taken() {
        lastSnapshotAt = System.currentTimeMillis();
        dirtySinceSnapshot = false;
        forceSnapshot = false;
        snapshotOnChange = false;
    }
}
