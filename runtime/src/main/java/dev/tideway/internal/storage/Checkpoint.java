package dev.tideway.internal.storage;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One consistent point of a pipeline's persisted state, as committed by {@link MetadataStore}: what
 * recovery loads, replays and seeks to.
 *
 * <pre>{@code
 * Checkpoint checkpoint = new Checkpoint(metadata.nextGeneration(), time, 12, 40,
 *         Map.of("words", new SourceCheckpoint("Word(text: string)", "9f3a", offsets)),
 *         Map.of("out", 1_024L), Map.of("count-by-word", "c41d"));
 * }</pre>
 *
 * @param generation the metadata generation, above every earlier one; names the object
 * @param lastTime the last logical time whose results are complete in this checkpoint
 * @param snapshotId the snapshot holding the operator states, or {@link #NO_SNAPSHOT}
 * @param walSequence the write-ahead log sequence committed with this checkpoint; segments above it
 *     are not part of it
 * @param sources per source id: schema and offsets
 * @param sinks per file sink id: the byte length of the output committed
 * @param operatorStates per operator state name: the fingerprint or version of its encoding
 */
public record Checkpoint(long generation, long lastTime, long snapshotId, long walSequence,
        Map<String, SourceCheckpoint> sources, Map<String, Long> sinks, Map<String, String> operatorStates) {

    /** The {@link #snapshotId} of a checkpoint with no snapshot yet. */
    public static final long NO_SNAPSHOT = -1;

    public Checkpoint {
        if (generation < 0) {
            throw new IllegalArgumentException("negative generation " + generation);
        }
        if (snapshotId < NO_SNAPSHOT) {
            throw new IllegalArgumentException("snapshot id " + snapshotId + " is neither an id nor NO_SNAPSHOT");
        }
        if (walSequence < -1) {
            throw new IllegalArgumentException("write-ahead log sequence " + walSequence + " is below -1");
        }
        sources.keySet().forEach(id -> ObjectNames.requireValidId("source id", id));
        operatorStates.keySet().forEach(name -> ObjectNames.requireValidId("operator state name", name));
        sinks.forEach((id, length) -> {
            if (length == null || length < 0) {
                throw new IllegalArgumentException("sink \"" + id + "\": committed length " + length + " is not >= 0");
            }
        });
        sources.values().forEach(source -> Objects.requireNonNull(source, "source checkpoint"));
        operatorStates.values().forEach(version -> Objects.requireNonNull(version, "operator state version"));
        sources = sorted(sources);
        sinks = sorted(sinks);
        operatorStates = sorted(operatorStates);
    }

    /** True if this checkpoint names a snapshot. */
    public boolean hasSnapshot() {
        return snapshotId != NO_SNAPSHOT;
    }

    private static <V> SortedMap<String, V> sorted(Map<String, V> map) {
        return Collections.unmodifiableSortedMap(new TreeMap<>(map));
    }
}
