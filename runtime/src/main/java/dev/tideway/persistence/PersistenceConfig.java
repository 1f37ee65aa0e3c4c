package dev.tideway.persistence;

import java.util.Objects;

/**
 * How a run persists its state, the counterpart of Pathway's {@code pw.persistence.Config}: where
 * (the backends), how often operator snapshots are written, and what is recorded and replayed.
 *
 * <pre>{@code
 * Tideway.run(PersistenceConfig.of(Backend.filesystem(Path.of("state")))
 *         .withSnapshotIntervalMs(10_000));
 * // metadata on a local disk, the data on S3
 * Tideway.run(PersistenceConfig.of(Backend.filesystem(Path.of("state")),
 *         S3Storage.backend("pipelines/wordcount", S3Settings.of("my-bucket"))));
 * }</pre>
 *
 * <p><b>Two storages</b>, as Pathway's {@code metadata_storage} and {@code snapshot_storage}: the
 * metadata storage holds the commit points (times, source positions, sinks' lengths, the pipeline's
 * description; small, whatever the data's volume) and the lock of the state; the snapshot storage
 * holds the data (the write-ahead log, snapshots of operators and sources, UDF caches; it grows with
 * the data). {@link #of(Backend)} uses one backend for both, as Pathway's {@code simple_config}.
 * A commit writes the data to the snapshot storage first and the metadata last, atomically, to the
 * metadata storage, so a crash between the two leaves the previous commit intact. The two storages
 * are paired at the first run (each records an id of the snapshot storage); a run given a snapshot
 * storage that is not the one its metadata were written with is refused with a
 * {@link PersistenceException} naming both, before it changes anything.
 *
 * <p>Every batch is committed: its input is appended to the write-ahead log and the sinks' positions
 * recorded. Every snapshot interval, the operators' state is snapshotted too, so a restart loads the
 * snapshot and replays only the log written after it.
 */
public final class PersistenceConfig {
    /** The default time between snapshots. */
    public static final long DEFAULT_SNAPSHOT_INTERVAL_MS = 5_000;

    private final Backend metadataBackend;
    private final Backend snapshotBackend;
    private final long snapshotIntervalMs;
    private final PersistenceMode mode;
    private final SnapshotAccess snapshotAccess;
    private final boolean continueAfterReplay;

    private PersistenceConfig(Backend metadataBackend, Backend snapshotBackend, long snapshotIntervalMs, PersistenceMode mode,
                              SnapshotAccess snapshotAccess, boolean continueAfterReplay) {
        this.metadataBackend = Objects.requireNonNull(metadataBackend, "metadataBackend");
        this.snapshotBackend = Objects.requireNonNull(snapshotBackend, "snapshotBackend");
        if (snapshotIntervalMs < 0) {
            throw new IllegalArgumentException("snapshot interval " + snapshotIntervalMs + " ms is negative");
        }
        this.snapshotIntervalMs = snapshotIntervalMs;
        this.mode = Objects.requireNonNull(mode, "mode");
        this.snapshotAccess = Objects.requireNonNull(snapshotAccess, "snapshotAccess");
        this.continueAfterReplay = continueAfterReplay;
    }

    /**
     * One backend for the metadata and the data; persisting mode, full snapshot access, a snapshot
     * every {@value #DEFAULT_SNAPSHOT_INTERVAL_MS} ms.
     */
    public static PersistenceConfig of(Backend backend) {
        return of(backend, backend);
    }

    /**
     * The metadata (commit points and the lock; small) in {@code metadataBackend}, the data (log,
     * snapshots, UDF caches; large) in {@code snapshotBackend}; otherwise as {@link #of(Backend)}.
     * Give the same pair to every run of the state.
     */
    public static PersistenceConfig of(Backend metadataBackend, Backend snapshotBackend) {
        return new PersistenceConfig(metadataBackend, snapshotBackend, DEFAULT_SNAPSHOT_INTERVAL_MS, PersistenceMode.PERSISTING,
                SnapshotAccess.FULL, true);
    }

    /** The desired time between snapshots; 0 snapshots at every commit. */
    public PersistenceConfig withSnapshotIntervalMs(long millis) {
        return new PersistenceConfig(metadataBackend, snapshotBackend, millis, mode, snapshotAccess, continueAfterReplay);
    }

    public PersistenceConfig withMode(PersistenceMode value) {
        return new PersistenceConfig(metadataBackend, snapshotBackend, snapshotIntervalMs, value, snapshotAccess, continueAfterReplay);
    }

    public PersistenceConfig withSnapshotAccess(SnapshotAccess value) {
        return new PersistenceConfig(metadataBackend, snapshotBackend, snapshotIntervalMs, mode, value, continueAfterReplay);
    }

    /** False: replay what was recorded and stop, without reading new input. */
    public PersistenceConfig withContinueAfterReplay(boolean value) {
        return new PersistenceConfig(metadataBackend, snapshotBackend, snapshotIntervalMs, mode, snapshotAccess, value);
    }

    /** Where the metadata and the lock are. */
    public Backend metadataBackend() {
        return metadataBackend;
    }

    /** Where the data is: the write-ahead log, the snapshots and the UDF caches. */
    public Backend snapshotBackend() {
        return snapshotBackend;
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
}
