package dev.tideway.internal.storage;

import dev.tideway.persistence.Backend;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Snapshots of operator state: one immutable object {@code snapshots/<20-digit id>/<stateName>} per
 * operator state: the header {@link ObjectFormat#SNAPSHOT_STATE}, then the state's bytes in one
 * checksummed frame (see {@link Frames}), compressed ({@link ObjectCompression}) from format 3 on.
 *
 * <p>A snapshot is part of the consistent state only once a committed metadata generation names its
 * id; objects of a snapshot whose write crashed are ignored and cleared by {@link #deleteNewerThan}.
 * Write each snapshot under a fresh id, above every id the metadata has named.
 *
 * <pre>{@code
 * SnapshotStore snapshots = new SnapshotStore(backend);
 * snapshots.write(12, Map.of("count-by-word", countState, "sink-out", sinkState));
 * // commit metadata naming snapshot 12, then:
 * snapshots.deleteOlderThan(12);
 * Map<String, byte[]> states = snapshots.read(12, checkpoint.operatorStates().keySet());
 * }</pre>
 */
public final class SnapshotStore {
    private static final String PREFIX = "snapshots/";

    private final Backend backend;

    public SnapshotStore(Backend backend) {
        this.backend = backend;
    }

    /** The object name of one operator state of a snapshot. */
    public static String objectName(long snapshotId, String stateName) {
        return PREFIX + ObjectNames.sequence(snapshotId) + "/" + ObjectNames.requireValidId("operator state name", stateName);
    }

    /**
     * Writes every state of snapshot {@code snapshotId}, each durable when this returns.
     *
     * @throws IllegalArgumentException if a state name is not a valid id
     * @throws dev.tideway.persistence.PersistenceException if the backend fails
     */
    public void write(long snapshotId, Map<String, byte[]> states) {
        Map<String, byte[]> objects = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> state : states.entrySet()) {
            byte[] body = state.getValue();
            objects.put(objectName(snapshotId, state.getKey()), FramedObject.write(ObjectFormat.SNAPSHOT_STATE, body, 0, body.length));
        }
        // validated, compressed, then written together: a file system forces the snapshot's folder once
        backend.putAll(objects);
    }

    /**
     * The named states of snapshot {@code snapshotId}, in the order given.
     *
     * @throws DamagedObjectException if one is missing or fails its checksum, naming it
     * @throws ObjectFormat.NewerFormatException if one was written by a newer Tideway
     */
    public Map<String, byte[]> read(long snapshotId, Collection<String> stateNames) {
        Map<String, byte[]> states = new LinkedHashMap<>();
        for (String stateName : stateNames) {
            states.put(stateName, readState(snapshotId, stateName));
        }
        return states;
    }

    /**
     * Every state found under snapshot {@code snapshotId}, by name (lists the backend).
     *
     * @throws DamagedObjectException if one fails its checksum
     */
    public Map<String, byte[]> read(long snapshotId) {
        String prefix = PREFIX + ObjectNames.sequence(snapshotId) + "/";
        List<String> names = new ArrayList<>();
        for (String name : backend.list(prefix)) {
            String stateName = name.substring(prefix.length());
            if (stateName.indexOf('/') < 0) {
                names.add(stateName);
            }
        }
        return read(snapshotId, names);
    }

    private byte[] readState(long snapshotId, String stateName) {
        String name = objectName(snapshotId, stateName);
        byte[] data = backend.get(name).orElseThrow(() -> new DamagedObjectException(name, "snapshot " + snapshotId
                + " has no state \"" + stateName + "\": object " + name + " is missing from state location "
                + backend.describe() + "; the snapshot cannot be used (restore the object, or start from an"
                + " older snapshot or an empty state location)"));
        FrameScan scan = FramedObject.scan(ObjectFormat.SNAPSHOT_STATE, data, name, backend.describe(), false);
        if (!scan.isComplete() || scan.records().size() != 1) {
            String why = scan.cutReason().orElse(scan.records().size() + " frames instead of 1");
            throw new DamagedObjectException(name, "snapshot " + snapshotId + " is damaged: object " + name
                    + " in state location " + backend.describe() + " fails its check at byte " + scan.validLength()
                    + " of " + scan.totalLength() + " (" + why + "); the snapshot cannot be used (restore the object,"
                    + " or start from an older snapshot or an empty state location)");
        }
        return scan.records().get(0);
    }

    /** The ids of the snapshots that have objects, ascending (lists the backend). */
    public List<Long> ids() {
        return new ArrayList<>(objectsById().keySet());
    }

    /**
     * Deletes every snapshot older than {@code snapshotId}, after the metadata naming
     * {@code snapshotId} (or a newer one) is committed.
     *
     * @return the number of snapshots deleted
     */
    public int deleteOlderThan(long snapshotId) {
        return deleteAll(objectsById().headMap(snapshotId, false));
    }

    /**
     * Deletes every snapshot newer than {@code snapshotId}: written by a run that crashed before its
     * metadata named them.
     *
     * @return the number of snapshots deleted
     */
    public int deleteNewerThan(long snapshotId) {
        return deleteAll(objectsById().tailMap(snapshotId, false));
    }

    private int deleteAll(Map<Long, List<String>> snapshots) {
        snapshots.values().forEach(names -> names.forEach(backend::delete));
        return snapshots.size();
    }

    private NavigableMap<Long, List<String>> objectsById() {
        NavigableMap<Long, List<String>> byId = new TreeMap<>();
        for (String name : backend.list(PREFIX)) {
            String rest = name.substring(PREFIX.length());
            int slash = rest.indexOf('/');
            long id = slash < 0 ? -1 : ObjectNames.parseSequence(rest.substring(0, slash));
            if (id >= 0) {
                byId.computeIfAbsent(id, k -> new ArrayList<>()).add(name);
            }
        }
        return byId;
    }
}
