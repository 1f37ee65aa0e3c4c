package dev.tideway.persistence.inspect;

import dev.tideway.persistence.Backend;
import dev.tideway.persistence.PersistenceException;
import dev.tideway.internal.storage.Checkpoint;
import dev.tideway.internal.storage.CheckpointCodec;
import dev.tideway.internal.storage.DamagedObjectException;
import dev.tideway.internal.storage.FramedObject;
import dev.tideway.internal.storage.FrameScan;
import dev.tideway.internal.storage.ObjectFormat;
import dev.tideway.internal.storage.PreparedTransactions;
import dev.tideway.internal.storage.SourceCheckpoint;
import dev.tideway.internal.storage.StoragePairing;
import dev.tideway.internal.storage.UdfCacheStore;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads a state location and tells what a user needs when something goes wrong: the committed
 * checkpoint, each source with its id, schema and locations, the sinks' committed lengths, and the
 * sizes of snapshots and logs; {@link #verify} checks every checksum. It never changes the location
 * and takes no lock, so it can look at the state of a running pipeline. A state kept in two storages
 * ({@link dev.tideway.persistence.PersistenceConfig#of(Backend, Backend)}) is read from both: the
 * metadata from one, the snapshots and logs from the other.
 *
 * <pre>{@code
 * StateInspector inspector = new StateInspector(Backend.filesystem(Path.of("state")));
 * StateInspector split = new StateInspector(Backend.filesystem(Path.of("state")), S3Storage.backend("wordcount", s3));
 * inspector.describe(System.out);
 * List<String> damage = inspector.verify();
 * }</pre>
 */
public final class StateInspector {
    private final Backend metadata;
    private final Backend data;
    private final StoragePairing pairing;

    /** Reads a state kept in one backend. */
    public StateInspector(Backend backend) {
        this(backend, backend);
    }

    /** Reads a state whose metadata are in {@code metadata} and whose snapshots and logs are in {@code snapshots}. */
    public StateInspector(Backend metadata, Backend snapshots) {
        this.metadata = metadata;
        this.data = snapshots;
        this.pairing = new StoragePairing(metadata, snapshots);
    }

    /** Prints a description of the state. */
    public void describe(PrintStream out) {
        out.println("state location: " + metadata.describe());
        if (pairing.separate()) {
            out.println("snapshot location: " + data.describe());
        }
        Optional<Loaded> latest = latest();
        if (latest.isEmpty()) {
            out.println("no committed state: a run here starts afresh");
            return;
        }
        Checkpoint checkpoint = latest.get().checkpoint;
        out.println("committed: generation " + checkpoint.generation() + " (object " + latest.get().name + ")");
        out.println("last committed time: " + checkpoint.lastTime()
                + (checkpoint.lastTime() > 0 ? " (" + Instant.ofEpochMilli(checkpoint.lastTime()) + ")" : ""));
        out.println("write-ahead log sequence: " + checkpoint.walSequence());
        out.println("snapshot: " + (checkpoint.hasSnapshot() ? checkpoint.snapshotId() + ", " + bytes(sizeOf("snapshots/"
                + String.format("%020d", checkpoint.snapshotId()) + "/")) : "none"));
        out.println("sources:");
        for (Map.Entry<String, SourceCheckpoint> source : checkpoint.sources().entrySet()) {
            SourceCheckpoint value = source.getValue();
            String prefix = "log/" + source.getKey() + "/";
            List<String> segments = data.list(prefix);
            out.println("  " + source.getKey());
            out.println("    schema: " + value.schema() + " (fingerprint " + value.fingerprint() + ")");
            String offsets = new String(value.offsets(), StandardCharsets.UTF_8);
            out.println("    read from: " + (offsets.isEmpty() ? "(nothing yet)" : String.join(", ", offsets.split("\n"))));
            out.println("    log tail: " + segments.size() + " segment(s), " + bytes(sizeOf(prefix)));
        }
        out.println("sinks:");
        if (checkpoint.sinks().isEmpty()) {
            out.println("  (none with a position)");
        }
        checkpoint.sinks().forEach((name, length) -> out.println("  " + name + ": " + length + " bytes committed"));
        // "pipeline" is the version of the whole pipeline up to its sinks, not an operator's state
        List<String> operators = checkpoint.operatorStates().keySet().stream().filter(name -> !name.equals("pipeline")).toList();
        out.println("operator states: " + (operators.isEmpty() ? "(none)" : String.join(", ", operators)));
        if (checkpoint.operatorStates().containsKey("pipeline")) {
            out.println("pipeline version: " + checkpoint.operatorStates().get("pipeline"));
        }
        out.println("snapshots present: " + data.list("snapshots/").stream()
                .map(name -> name.substring("snapshots/".length(), name.indexOf('/', "snapshots/".length())))
                .distinct().toList());
    }

    /**
     * Checks every object of the location: metadata checksums, the headers and frames of snapshots,
     * log segments, unit rows, UDF caches and transactional sinks' prepared transactions (an object of
     * a newer format is reported as such). Returns one line per damaged object (empty when all is
     * well); changes nothing.
     */
    public List<String> verify() {
        List<String> damage = new ArrayList<>();
        try {
            pairing.check(latest().isPresent());
        } catch (PersistenceException e) {
            damage.add(StoragePairing.PAIRED_WITH + ": " + e.getMessage());
        }
        for (String name : metadata.list("metadata/")) {
            Optional<byte[]> data = metadata.get(name);
            if (data.isEmpty()) {
                continue;
            }
            try {
                CheckpointCodec.decode(data.get(), name, metadata.describe());
            } catch (PersistenceException e) {
                damage.add(name + ": " + e.getMessage());
            }
        }
        checkFramed(damage, "snapshots/", ObjectFormat.SNAPSHOT_STATE, true);
        checkFramed(damage, "log/", ObjectFormat.LOG_SEGMENT, false);
        checkFramed(damage, "rows/", ObjectFormat.UNIT_ROWS, true);
        checkFramed(damage, UdfCacheStore.PREFIX, ObjectFormat.UDF_CACHE, true);
        // what a transactional sink needs to finish the transaction a commit prepared
        checkFramed(damage, PreparedTransactions.PREFIX, ObjectFormat.PREPARED_TRANSACTION, true);
        return damage;
    }

    /** Checks the header and the frames of every object under {@code prefix} of the data storage. */
    private void checkFramed(List<String> damage, String prefix, ObjectFormat format, boolean oneFrame) {
        for (String name : data.list(prefix)) {
            data.get(name).ifPresent(bytes -> {
                FrameScan scan;
                try {
                    scan = FramedObject.scan(format, bytes, name, data.describe(), !oneFrame);
                } catch (PersistenceException e) {
                    damage.add(name + ": " + e.getMessage());
                    return;
                }
                if (!scan.isComplete()) {
                    damage.add(name + ": " + scan.cutReason().orElse("damaged") + " (the first " + scan.validLength()
                            + " of " + scan.totalLength() + " bytes are intact)");
                } else if (oneFrame && scan.records().size() != 1) {
                    damage.add(name + ": expected one frame, found " + scan.records().size());
                }
            });
        }
    }

    private record Loaded(String name, Checkpoint checkpoint) {}

    private Optional<Loaded> latest() {
        TreeMap<String, byte[]> generations = new TreeMap<>();
        for (String name : metadata.list("metadata/")) {
            metadata.get(name).ifPresent(data -> generations.put(name, data));
        }
        for (String name : generations.descendingKeySet()) {
            try {
                return Optional.of(new Loaded(name, CheckpointCodec.decode(generations.get(name), name, metadata.describe())));
            } catch (DamagedObjectException e) {
                // an older generation may be intact; verify() reports this one
            }
        }
        return Optional.empty();
    }

    private long sizeOf(String prefix) {
        long total = 0;
        for (String name : data.list(prefix)) {
            total += data.size(name).orElse(0);
        }
        return total;
    }

    private static String bytes(long count) {
        if (count < 1024) {
            return count + " bytes";
        }
        if (count < 1024 * 1024) {
            return String.format("%.1f KiB", count / 1024.0);
        }
        return String.format("%.1f MiB", count / (1024.0 * 1024));
    }
}
