package dev.tideway.flink.io;

import dev.tideway.flink.types.RowSerializerSnapshot;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * Writes a {@link ConnectorSplit} into checkpoints and savepoints. Version 1: persistent id (UTF),
 * last time (long), a flag, and with state: the row serializer's snapshot (Flink's versioned
 * snapshot format) and the source's snapshot bytes (int length, bytes).
 */
public final class ConnectorSplitSerializer implements SimpleVersionedSerializer<ConnectorSplit> {
    private static final int VERSION = 1;

    private final ClassLoader loader;

    public ConnectorSplitSerializer(ClassLoader loader) {
        this.loader = loader;
    }

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(ConnectorSplit split) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(split.state() == null ? 64 : split.state().length + 256);
        out.writeUTF(split.persistentId());
        out.writeLong(split.lastTime());
        out.writeBoolean(split.state() != null);
        if (split.state() != null) {
            TypeSerializerSnapshot.writeVersionedSnapshot(out, split.schema());
            out.writeInt(split.state().length);
            out.write(split.state());
        }
        return out.getCopyOfBuffer();
    }

    @Override
    public ConnectorSplit deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION) {
            throw new IOException("a Tideway source split of version " + version + "; this build reads version " + VERSION);
        }
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        String id = in.readUTF();
        long lastTime = in.readLong();
        if (!in.readBoolean()) {
            return new ConnectorSplit(id, null, null, lastTime);
        }
        TypeSerializerSnapshot<Object> schema = TypeSerializerSnapshot.readVersionedSnapshot(in, loader);
        if (!(schema instanceof RowSerializerSnapshot<?> rows)) {
            throw new IOException("the state of source \"" + id + "\" names " + schema.getClass().getName() + ", not Tideway rows");
        }
        int length = in.readInt();
        if (length < 0 || length > in.available()) {
            throw new IOException("the state of source \"" + id + "\" is cut short: " + length + " bytes announced, " + in.available() + " left");
        }
        byte[] state = new byte[length];
        in.readFully(state);
        return new ConnectorSplit(id, state, rows, lastTime);
    }
}
