package dev.tideway.internal.engine;

import java.util.HashMap;
import java.util.Map;

/**
 * What persistence did, for metrics and the status page: the bytes the last commit appended to the
 * log, the snapshot it wrote (bytes, time), each node's share of the last snapshot, and what recovery
 * found. Written by the persistence on the run's thread and read there after each commit.
 */
public final class CheckpointStatistics {
    private long logBytes;
    private long snapshotBytes;
    private long snapshotNanos;
    private Map<Node, Long> stateBytes = Map.of();
    private boolean recovered;
    private long replayedRecords;

    /** Starts the figures of a new commit. */
    public void commitStarted() {
        logBytes = 0;
        snapshotBytes = 0;
        snapshotNanos = 0;
    }

    /** The commit appended {@code bytes} bytes to the write-ahead log. */
    public void logged(long bytes) {
        logBytes += bytes;
    }

    /** The commit wrote a snapshot of {@code bytes} bytes in {@code nanos}; {@code byNode} is each node's state's size. */
    public void snapshotted(long bytes, long nanos, Map<Node, Long> byNode) {
        snapshotBytes = bytes;
        snapshotNanos = nanos;
        stateBytes = new HashMap<>(byNode);
    }

    /** Recovery continued a persisted state ({@code recovered}) and replayed {@code records} log records. */
    public void recovered(boolean continued, long records) {
        recovered = continued;
        replayedRecords = records;
    }

    /** The bytes the last commit appended to the log. */
    public long logBytes() {
        return logBytes;
    }

    /** The bytes of the snapshot the last commit wrote, or 0. */
    public long snapshotBytes() {
        return snapshotBytes;
    }

    /** How long writing the last commit's snapshot took, in nanoseconds, or 0. */
    public long snapshotNanos() {
        return snapshotNanos;
    }

    /** The size of a node's state in the last snapshot, in bytes, or -1 when none was written. */
    public long stateBytes(Node node) {
        return stateBytes.getOrDefault(node, -1L);
    }

    /** Whether the run continued a persisted state. */
    public boolean recovered() {
        return recovered;
    }

    /** The log records recovery replayed. */
    public long replayedRecords() {
        return replayedRecords;
    }
}
