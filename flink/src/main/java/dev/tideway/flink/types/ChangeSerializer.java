package dev.tideway.flink.types;

import dev.tideway.flink.runtime.Change;
import java.io.IOException;
import java.util.Arrays;
import org.apache.flink.api.common.typeutils.CompositeTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The serializer of {@link Change}s: the port (a byte), the key, the time, the diff (a byte), then
 * the row with the row serializer of its port, so that one stream can carry the changes for every
 * input of an operator. Not thread-safe; Flink duplicates it per thread.
 */
public final class ChangeSerializer extends TypeSerializer<Change> {
    private static final long serialVersionUID = 1L;

    private final TypeSerializer<Object>[] rows;

    /** The serializer of changes whose rows, for port {@code p}, {@code rowsByPort[p]} serializes. */
    @SafeVarargs
    public ChangeSerializer(TypeSerializer<Object>... rowsByPort) {
        if (rowsByPort.length == 0 || rowsByPort.length > 127) {
            throw new IllegalArgumentException("changes for 1 to 127 ports, not " + rowsByPort.length);
        }
        this.rows = rowsByPort.clone();
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    @SuppressWarnings("unchecked")
    public TypeSerializer<Change> duplicate() {
        TypeSerializer<Object>[] copies = new TypeSerializer[rows.length];
        for (int p = 0; p < rows.length; p++) {
            copies[p] = rows[p].duplicate();
        }
        return new ChangeSerializer(copies);
    }

    @Override
    public Change createInstance() {
        return null;
    }

    @Override
    public Change copy(Change from) {
        return from;
    }

    @Override
    public Change copy(Change from, Change reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(Change change, DataOutputView target) throws IOException {
        target.writeByte(change.port());
        target.writeLong(change.key());
        target.writeLong(change.time());
        target.writeByte(change.diff());
        rows[change.port()].serialize(change.row(), target);
    }

    @Override
    public Change deserialize(DataInputView source) throws IOException {
        int port = source.readByte();
        if (port < 0 || port >= rows.length) {
            throw new IOException("a change for port " + port + " of an operator with " + rows.length + " inputs");
        }
        long key = source.readLong();
        long time = source.readLong();
        int diff = source.readByte();
        return new Change(key, rows[port].deserialize(source), time, diff, port);
    }

    @Override
    public Change deserialize(Change reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChangeSerializer other && Arrays.equals(other.rows, rows);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(rows);
    }

    @Override
    public TypeSerializerSnapshot<Change> snapshotConfiguration() {
        return new Snapshot(this);
    }

    /** The snapshot of the row serializers of every port, resolved as Flink resolves any composite. */
    public static final class Snapshot extends CompositeTypeSerializerSnapshot<Change, ChangeSerializer> {
        public Snapshot() {}

        Snapshot(ChangeSerializer serializer) {
            super(serializer);
        }

        @Override
        protected int getCurrentOuterSnapshotVersion() {
            return 1;
        }

        @Override
        protected TypeSerializer<?>[] getNestedSerializers(ChangeSerializer outer) {
            return outer.rows.clone();
        }

        @Override
        @SuppressWarnings("unchecked")
        protected ChangeSerializer createOuterSerializerWithNestedSerializers(TypeSerializer<?>[] nested) {
            return new ChangeSerializer(Arrays.copyOf(nested, nested.length, TypeSerializer[].class));
        }
    }
}
