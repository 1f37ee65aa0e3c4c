package dev.tideway.persistence;

import dev.tideway.engine.Checkpointing;
import java.util.Objects;

/**
 * How a run persists its state, the counterpart of Pathway's {@code pw.persistence.Config}: where
 * (the backend), how often operator snapshots are written, and what is recorded and replayed.
 *
 * <pre>{@code
 * Tideway.run(PersistenceConfig.of(Backend.filesystem(Path.of("state")))
 *         .withSnapshotIntervalMs(10_000));
 * }</pre>
 *
 * <p>Every batch is committed: its input is appended to the write-ahead log and the sinks' positions
 * recorded. Every snapshot interval, the operators' state is snapshotted too, so a restart loads the
 * snapshot and replays only the log written after it.
 */
public final class PersistenceConfig {
    /** The default time between snapshots. */
    public static final long DEFAULT_SNAPSHOT_INTERVAL_MS = 5_000;

    private final Backend backend;
    private final long snapshotIntervalMs;
    private final PersistenceMode mode;
    private final SnapshotAccess snapshotAccess;
    private final boolean continueAfterReplay;

    private PersistenceConfig(Backend backend, long snapshotIntervalMs, PersistenceMode mode, SnapshotAccess snapshotAccess,
                              boolean continueAfterReplay) {
        this.backend = Objects.requireNonNull(backend, "backend");
        if (snapshotIntervalMs < 0) {
            throw new IllegalArgumentException("snapshot interval " + snapshotIntervalMs + " ms is negative");
        }
        this.snapshotIntervalMs = snapshotIntervalMs;
        this.mode = Objects.requireNonNull(mode, "mode");
        this.snapshotAccess = Objects.requireNonNull(snapshotAccess, "snapshotAccess");
        this.continueAfterReplay = continueAfterReplay;
    }

    /** Persisting mode, full snapshot access, a snapshot every {@value #DEFAULT_SNAPSHOT_INTERVAL_MS} ms. */
    public static PersistenceConfig of(Backend backend) {
        return new PersistenceConfig(backend, DEFAULT_SNAPSHOT_INTERVAL_MS, PersistenceMode.PERSISTING, SnapshotAccess.FULL, true);
    }

    /** The desired time between snapshots; 0 snapshots at every commit. */
    public PersistenceConfig withSnapshotIntervalMs(long millis) {
        return new PersistenceConfig(backend, millis, mode, snapshotAccess, continueAfterReplay);
    }

    public PersistenceConfig withMode(PersistenceMode value) {
        return new PersistenceConfig(backend, snapshotIntervalMs, value, snapshotAccess, continueAfterReplay);
    }

    public PersistenceConfig withSnapshotAccess(SnapshotAccess value) {
        return new PersistenceConfig(backend, snapshotIntervalMs, mode, value, continueAfterReplay);
    }

    /** False: replay what was recorded and stop, without reading new input. */
    public PersistenceConfig withContinueAfterReplay(boolean value) {
        return new PersistenceConfig(backend, snapshotIntervalMs, mode, snapshotAccess, value);
    }

    public Backend backend() {
        return backend;
    }

    public long snapshotIntervalMs() {
        return snapshotIntervalMs;
    }

    public PersistenceMode mode() {
        return mode;
    }

    public SnapshotAccess snapshotAccess() {
        return snapshotAccess;
    }

    public boolean continueAfterReplay() {
        return continueAfterReplay;
    }

    /** The engine's view of this configuration: what recovers and commits a run. */
    public Checkpointing checkpointing() {
        return new PersistentRun(this);
    }
}
