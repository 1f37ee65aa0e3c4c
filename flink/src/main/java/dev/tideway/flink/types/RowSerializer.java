package dev.tideway.flink.types;

import dev.tideway.internal.persistence.SchemaMigration;
import dev.tideway.schema.BinaryReader;
import dev.tideway.schema.BinaryWriter;
import dev.tideway.schema.RowSchema;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.util.Objects;
import java.util.function.Function;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A Flink {@link TypeSerializer} of one {@code @Schema} record, made of its generated codec: a row is
 * its length then {@link RowSchema#encode}'s bytes, the bytes Tideway's own log and snapshots hold.
 * No Kryo, no reflection per row. Its {@link RowSerializerSnapshot} carries the schema's persisted
 * description and fingerprint, so that state written with an older version of the record is read as
 * Tideway reads it ({@link SchemaMigration}: a new nullable field, a field renamed with
 * {@code @Column}, a removed or reordered field).
 *
 * <p>Rows are treated as immutable: {@link #copy(Object)} returns the row itself (Tideway's operators
 * never change a row they received). Not thread-safe (it reuses a buffer): Flink {@link #duplicate()}s
 * it per thread.
 *
 * @param <T> the record type
 */
public final class RowSerializer<T> extends TypeSerializer<T> {
    private static final long serialVersionUID = 1L;

    private final Class<T> type;
    /** The description rows were written with, when it is not the current one (a serializer that reads old state); else null. */
    private final String writtenAs;
    private transient RowSchema<T> schema;
    private transient Function<BinaryReader, T> oldRows;
    private transient BinaryWriter buffer;

    /** The serializer of {@code schema}'s rows. */
    public RowSerializer(RowSchema<T> schema) {
        this(schema.type(), null);
        this.schema = schema;
    }

    RowSerializer(Class<T> type, String writtenAs) {
        this.type = Objects.requireNonNull(type, "type");
        this.writtenAs = writtenAs;
    }

    /** The record's schema, found once (see {@link RowSchemas}). */
    public RowSchema<T> schema() {
        if (schema == null) {
            schema = RowSchemas.of(type);
        }
        return schema;
    }

    private BinaryWriter buffer() {
        if (buffer == null) {
            buffer = new BinaryWriter(256);
        }
        return buffer;
    }

    private T decode(BinaryReader in) {
        if (writtenAs == null) {
            return schema().decode(in);
        }
        if (oldRows == null) {
            oldRows = SchemaMigration.reader(schema().name() + " in Flink state", writtenAs, schema());
        }
        return oldRows.apply(in);
    }

    /** Writes one row, as {@link #serialize} does, into a Tideway writer (for state Tideway's operators write themselves). */
    public void encode(T row, BinaryWriter out) {
        schema().encode(row, out);
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<T> duplicate() {
        RowSerializer<T> copy = new RowSerializer<>(type, writtenAs);
        copy.schema = schema;
        return copy;
    }

    @Override
    public T createInstance() {
        return null;
    }

    @Override
    public T copy(T from) {
        return from;
    }

    @Override
    public T copy(T from, T reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(T row, DataOutputView target) throws IOException {
        BinaryWriter out = buffer().reset();
        schema().encode(row, out);
        target.writeInt(out.size());
        target.write(out.buffer(), 0, out.size());
    }

    @Override
    public T deserialize(DataInputView source) throws IOException {
        int length = source.readInt();
        if (length < 0) {
            throw new IOException("a " + type.getSimpleName() + " row of negative length " + length + ": the bytes are not Tideway rows");
        }
        byte[] bytes = new byte[length];
        source.readFully(bytes);
        BinaryReader in = new BinaryReader(bytes);
        T row = decode(in);
        in.requireEnd();
        return row;
    }

    @Override
    public T deserialize(T reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        int length = source.readInt();
        target.writeInt(length);
        target.write(source, length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RowSerializer<?> other && other.type == type && Objects.equals(other.writtenAs, writtenAs);
    }

    @Override
    public int hashCode() {
        return type.hashCode() * 31 + Objects.hashCode(writtenAs);
    }

    @Override
    public TypeSerializerSnapshot<T> snapshotConfiguration() {
        return new RowSerializerSnapshot<>(schema());
    }

    @Override
    public String toString() {
        return "RowSerializer(" + schema() + ")";
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        if (type == null) {
            throw new IOException("a RowSerializer without its record class");
        }
    }
}
