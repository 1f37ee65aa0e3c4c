package dev.tideway.flink.types;

import dev.tideway.internal.engine.JoinedRow;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.CompositeTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The serializer of a join's pairs ({@link JoinedRow}): a flag and the row for each side, either of
 * which is absent for the unmatched rows of an outer join. Not thread-safe; Flink duplicates it per thread.
 */
public final class PairSerializer extends TypeSerializer<Object> {
    private static final long serialVersionUID = 1L;

    private final TypeSerializer<Object> left;
    private final TypeSerializer<Object> right;

    public PairSerializer(TypeSerializer<Object> left, TypeSerializer<Object> right) {
        this.left = left;
        this.right = right;
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<Object> duplicate() {
        return new PairSerializer(left.duplicate(), right.duplicate());
    }

    @Override
    public Object createInstance() {
        return null;
    }

    @Override
    public Object copy(Object from) {
        return from;
    }

    @Override
    public Object copy(Object from, Object reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(Object record, DataOutputView target) throws IOException {
        JoinedRow pair = (JoinedRow) record;
        target.writeBoolean(pair.left() != null);
        if (pair.left() != null) {
            left.serialize(pair.left(), target);
        }
        target.writeBoolean(pair.right() != null);
        if (pair.right() != null) {
            right.serialize(pair.right(), target);
        }
    }

    @Override
    public Object deserialize(DataInputView source) throws IOException {
        Object l = source.readBoolean() ? left.deserialize(source) : null;
        Object r = source.readBoolean() ? right.deserialize(source) : null;
        return new JoinedRow(l, r);
    }

    @Override
    public Object deserialize(Object reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PairSerializer other && other.left.equals(left) && other.right.equals(right);
    }

    @Override
    public int hashCode() {
        return left.hashCode() * 31 + right.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<Object> snapshotConfiguration() {
        return new Snapshot(this);
    }

    /** The snapshot of both sides' row serializers, resolved as Flink resolves any composite. */
    public static final class Snapshot extends CompositeTypeSerializerSnapshot<Object, PairSerializer> {
        public Snapshot() {}

        Snapshot(PairSerializer serializer) {
            super(serializer);
        }

        @Override
        protected int getCurrentOuterSnapshotVersion() {
            return 1;
        }

        @Override
        protected TypeSerializer<?>[] getNestedSerializers(PairSerializer outer) {
            return new TypeSerializer<?>[] {outer.left, outer.right};
        }

        @Override
        @SuppressWarnings("unchecked")
        protected PairSerializer createOuterSerializerWithNestedSerializers(TypeSerializer<?>[] nested) {
            return new PairSerializer((TypeSerializer<Object>) nested[0], (TypeSerializer<Object>) nested[1]);
        }
    }
}
