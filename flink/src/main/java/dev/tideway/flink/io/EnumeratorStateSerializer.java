package dev.tideway.flink.io;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/** Writes the splits a {@link SingleSplitEnumerator} has not handed out. Version 1: a count, then each split as {@link ConnectorSplitSerializer} writes it. */
final class EnumeratorStateSerializer implements SimpleVersionedSerializer<List<ConnectorSplit>> {
    private static final int VERSION = 1;

    private final ConnectorSplitSerializer splits;

    EnumeratorStateSerializer(ConnectorSplitSerializer splits) {
        this.splits = splits;
    }

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(List<ConnectorSplit> state) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        out.writeInt(state.size());
        for (ConnectorSplit split : state) {
            byte[] bytes = splits.serialize(split);
            out.writeInt(splits.getVersion());
            out.writeInt(bytes.length);
            out.write(bytes);
        }
        return out.getCopyOfBuffer();
    }

    @Override
    public List<ConnectorSplit> deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION) {
            throw new IOException("a Tideway source enumerator state of version " + version + "; this build reads version " + VERSION);
        }
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        int count = in.readInt();
        List<ConnectorSplit> state = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int splitVersion = in.readInt();
            byte[] bytes = new byte[in.readInt()];
            in.readFully(bytes);
            state.add(splits.deserialize(splitVersion, bytes));
        }
        return state;
    }
}
