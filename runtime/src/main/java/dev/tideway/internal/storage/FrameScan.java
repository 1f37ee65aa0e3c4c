package dev.tideway.internal.storage;

import java.util.List;
import java.util.Optional;

/**
 * What {@link FrameReader#scan} found: the records of the good prefix, where that prefix ends and,
 * if bytes were cut after it, why.
 *
 * @param records the payloads of the good frames, in order
 * @param validLength bytes of good frames from the start; the first bad frame begins here
 * @param totalLength bytes scanned
 * @param cutReason why the bytes from {@code validLength} on were cut; empty if nothing was cut
 */
public record FrameScan(List<byte[]> records, int validLength, int totalLength, Optional<String> cutReason) {
    public FrameScan {
        records = List.copyOf(records);
    }

    /** True if every byte belonged to a good frame. */
    public boolean isComplete() {
        return cutReason.isEmpty();
    }

    /** Bytes after the good prefix that were not returned as data. */
    public int cutBytes() {
        return totalLength - validLength;
    }
}
