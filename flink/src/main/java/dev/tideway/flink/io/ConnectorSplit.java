package dev.tideway.flink.io;

import dev.tideway.flink.types.RowSerializerSnapshot;
import org.apache.flink.api.connector.source.SourceSplit;

/**
 * The one split of a Tideway source: the whole source, read by one reader, as the embedded engine
 * reads it. Its state is what the source holds (every unit with its position and rows, so that a
 * changed or deleted file is retracted after a restore; see {@code SourceNode#snapshot}), the schema
 * it was written with, and the last logical time the source emitted.
 *
 * @param persistentId the source's persistent id, which is also the split's id
 * @param state the source's snapshot, or null before its first checkpoint
 * @param schema the schema {@code state}'s rows were written with, or null with no state
 * @param lastTime the logical time of the last batch emitted, or -1
 */
public record ConnectorSplit(String persistentId, byte[] state, RowSerializerSnapshot<?> schema, long lastTime) implements SourceSplit {
    /** The split of a source that has read nothing yet. */
    public static ConnectorSplit fresh(String persistentId) {
        return new ConnectorSplit(persistentId, null, null, -1);
    }

    @Override
    public String splitId() {
        return persistentId;
    }
}
