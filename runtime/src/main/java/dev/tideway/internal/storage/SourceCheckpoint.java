package dev.tideway.internal.storage;

import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * What the metadata records about one source.
 *
 * @param schema a readable description of the persisted schema (for messages and {@code inspect})
 * @param fingerprint the schema's fingerprint, compared at start to detect an incompatible change
 * @param offsets the source's own encoding of where to continue reading (files, positions); opaque here
 */
public record SourceCheckpoint(String schema, String fingerprint, byte[] offsets) {
    public SourceCheckpoint {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(fingerprint, "fingerprint");
        offsets = offsets.clone();
    }

    /** A copy of the offsets. */
    @Override
    public byte[] offsets() {
        return offsets.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SourceCheckpoint that && schema.equals(that.schema)
                && fingerprint.equals(that.fingerprint) && Arrays.equals(offsets, that.offsets);
    }

    @Override
    public int hashCode() {
        return Objects.hash(schema, fingerprint, Arrays.hashCode(offsets));
    }

    @Override
    public String toString() {
        return "SourceCheckpoint[schema=" + schema + ", fingerprint=" + fingerprint + ", offsets="
                + Base64.getEncoder().encodeToString(offsets) + "]";
    }
}
