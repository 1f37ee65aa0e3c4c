package dev.tideway.internal.storage;

import dev.tideway.persistence.Backend;
import dev.tideway.persistence.PersistenceException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

/**
 * Ties a metadata storage to the snapshot storage its checkpoints name, when the two are different
 * backends: the snapshot storage holds its own random id in the object {@value #STORAGE_ID}, and
 * the metadata storage the id of its snapshot storage in {@value #PAIRED_WITH} (each the header
 * {@link ObjectFormat#STORAGE_ID}, then the id as text and a newline), written before any
 * data, so that the metadata of one state are never read with the data of another (or with none):
 * such a pair is refused before anything is changed.
 *
 * <pre>{@code
 * StoragePairing pairing = new StoragePairing(metadataBackend, snapshotBackend);
 * pairing.check(checkpointExists);      // at start, before anything is written
 * pairing.record();                      // before the first data is written
 * }</pre>
 */
public final class StoragePairing {
    /** On the snapshot storage: its own id. */
    public static final String STORAGE_ID = "snapshot-storage-id";
    /** On the metadata storage: the id of the snapshot storage its checkpoints name. */
    public static final String PAIRED_WITH = "paired-snapshot-storage-id";

    private final Backend metadata;
    private final Backend snapshots;

    public StoragePairing(Backend metadata, Backend snapshots) {
        this.metadata = metadata;
        this.snapshots = snapshots;
    }

    /** Whether there are two storages to pair; one backend for both needs nothing. */
    public boolean separate() {
        return metadata != snapshots && !metadata.describe().equals(snapshots.describe());
    }

    /**
     * Checks that the snapshot storage is the one the metadata were written with.
     *
     * @param committed whether the metadata storage holds a checkpoint
     * @throws PersistenceException naming both storages if they do not belong together
     */
    public void check(boolean committed) {
        if (!separate()) {
            return;
        }
        Optional<String> expected = metadata.get(PAIRED_WITH).map(data -> id(data, PAIRED_WITH, metadata));
        Optional<String> actual = snapshots.get(STORAGE_ID).map(data -> id(data, STORAGE_ID, snapshots));
        if (expected.isPresent() && !expected.equals(actual)) {
            throw new PersistenceException("the metadata at " + metadata.describe() + " were written with the snapshot storage "
                    + expected.get() + ", but " + snapshots.describe() + (actual.isEmpty() ? " holds no snapshot storage"
                    : " is the snapshot storage " + actual.get()) + ": its snapshots and log are missing for these metadata."
                    + " Give the snapshot location these metadata were written with; or, to start afresh, move both"
                    + " locations and the outputs away.");
        }
        if (expected.isEmpty() && actual.isPresent() && (committed || holdsData())) {
            throw new PersistenceException("the snapshot storage " + snapshots.describe() + " (" + actual.get() + ") belongs to"
                    + " other metadata than those at " + metadata.describe() + ", which do not name it. Give the metadata"
                    + " location it was written with, or another, empty snapshot location.");
        }
    }

    /** Pairs the two storages if they are not yet; call before writing the first data. */
    public void record() {
        if (!separate() || metadata.get(PAIRED_WITH).isPresent()) {
            return;
        }
        snapshots.putIfAbsent(STORAGE_ID, encode(UUID.randomUUID().toString()));
        byte[] data = snapshots.get(STORAGE_ID).orElseThrow(() -> new PersistenceException("the snapshot storage "
                + snapshots.describe() + " lost its id " + STORAGE_ID + " right after it was written; check the store"));
        metadata.put(PAIRED_WITH, encode(id(data, STORAGE_ID, snapshots)));
    }

    private boolean holdsData() {
        return !snapshots.list("snapshots/").isEmpty() || !snapshots.list("log/").isEmpty();
    }

    /** The object holding {@code id}: the header, then the id and a newline. */
    static byte[] encode(String id) {
        return ObjectFormat.STORAGE_ID.prefix((id + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The id an object holds (format 0, before headers: the id alone).
     *
     * @throws ObjectFormat.NewerFormatException if a newer Tideway wrote it
     */
    static String id(byte[] data, String name, Backend backend) {
        ObjectFormat.Header header = ObjectFormat.STORAGE_ID.read(data, name, backend.describe());
        return new String(data, header.bodyStart(), data.length - header.bodyStart(), StandardCharsets.UTF_8).strip();
    }
}
