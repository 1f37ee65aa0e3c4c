package dev.tideway.internal.persistence;

import dev.tideway.internal.storage.MetadataStore;
import dev.tideway.internal.storage.PreparedTransactions;
import dev.tideway.internal.storage.SnapshotStore;
import dev.tideway.internal.storage.StoragePairing;
import dev.tideway.internal.storage.UdfCacheStore;
import dev.tideway.internal.storage.UnitRowStore;
import dev.tideway.persistence.Backend;
import dev.tideway.persistence.PersistenceConfig;

/**
 * The stores of one run's state location: the metadata (and the lock) in the config's metadata
 * backend, everything else (log, snapshots, unit rows, UDF caches, prepared transactions) in its
 * snapshot backend, and the {@link StoragePairing} that refuses a pair of backends that does not belong
 * together. The log of each source is opened by {@link SourceLogs} on {@link #snapshotBackend}.
 *
 * <p>Used on the run's thread only, as the stores are ({@link UnitRowStore} writes on a thread of its own).
 */
record StateLocation(Backend metadataBackend, Backend snapshotBackend, StoragePairing pairing, MetadataStore metadata,
                     SnapshotStore snapshots, UnitRowStore unitRows, UdfCacheStore udfCaches, PreparedTransactions prepared) {

    /** The stores of {@code config}'s backends; nothing is read or written yet. */
    static StateLocation of(PersistenceConfig config) {
        Backend metadataBackend = config.metadataBackend();
        Backend snapshotBackend = config.snapshotBackend();
        return new StateLocation(metadataBackend, snapshotBackend, new StoragePairing(metadataBackend, snapshotBackend),
                new MetadataStore(metadataBackend), new SnapshotStore(snapshotBackend), new UnitRowStore(snapshotBackend),
                new UdfCacheStore(snapshotBackend), new PreparedTransactions(snapshotBackend));
    }

    /** The state location for messages: one backend, or the metadata's and the snapshots'. */
    String describe() {
        return pairing.separate() ? metadataBackend.describe() + " (snapshots at " + snapshotBackend.describe() + ")"
                : metadataBackend.describe();
    }
}
