package dev.tideway.internal.storage;

import dev.tideway.internal.engine.KeyHasher;
import dev.tideway.internal.engine.UnitRows;
import dev.tideway.persistence.Backend;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The rows of source units as immutable objects {@code rows/<source id>/<hash>-<length>} (the
 * header {@link ObjectFormat#UNIT_ROWS}, then one frame), named by their content: written once, shared
 * by every snapshot that refers to them, and deleted when the newest committed snapshot no longer does.
 * The name's hash is {@link KeyHasher} of the rows' bytes, in hex, and the length their byte count.
 */
public final class UnitRowStore implements UnitRows {
    private static final String PREFIX = "rows/";

    private final Backend backend;
    private final Set<String> written = new HashSet<>();
    private final Set<String> referenced = new HashSet<>();

    public UnitRowStore(Backend backend) {
        this.backend = backend;
    }

    @Override
    public String save(String sourceId, byte[] data, int offset, int length) {
        byte[] rows = Arrays.copyOfRange(data, offset, offset + length);
        String name = PREFIX + ObjectNames.requireValidId("source id", sourceId) + "/"
                + String.format("%016x-%d", KeyHasher.hash(rows, rows.length), rows.length);
        if (!written.contains(name)) {
            backend.put(name, ObjectFormat.UNIT_ROWS.prefix(Frames.frame(rows)));
            written.add(name);
        }
        referenced.add(name);
        return name;
    }

    @Override
    public void retain(String name) {
        referenced.add(name);
    }

    @Override
    public byte[] load(String name) {
        Optional<byte[]> data = backend.get(name);
        if (data.isEmpty()) {
            throw new DamagedObjectException(name, "the rows object " + name + " in state location " + backend.describe()
                    + " is missing, though a snapshot refers to it; restore it from a backup, or move the state location away to start afresh");
        }
        FrameScan scan = FrameReader.scan(data.get(), ObjectFormat.UNIT_ROWS.read(data.get(), name, backend.describe()).bodyStart());
        if (!scan.isComplete() || scan.records().size() != 1) {
            throw new DamagedObjectException(name, "the rows object " + name + " in state location " + backend.describe() + " is damaged: "
                    + scan.cutReason().orElse("expected one frame"));
        }
        byte[] rows = scan.records().get(0);
        String expected = String.format("%016x-%d", KeyHasher.hash(rows, rows.length), rows.length);
        if (!name.endsWith("/" + expected)) {
            throw new DamagedObjectException(name, "the rows object " + name + " in state location " + backend.describe()
                    + " does not hold the rows its name says (" + expected + ")");
        }
        written.add(name);
        return rows;
    }

    /** Starts a snapshot: what it refers to is gathered anew. */
    public void beginSnapshot() {
        referenced.clear();
    }

    /** Deletes the rows objects the last snapshot does not refer to; call once that snapshot is committed. */
    public int deleteUnreferenced() {
        int deleted = 0;
        List<String> names = backend.list(PREFIX);
        for (String name : names) {
            if (!referenced.contains(name)) {
                backend.delete(name);
                written.remove(name);
                deleted++;
            }
        }
        return deleted;
    }
}
