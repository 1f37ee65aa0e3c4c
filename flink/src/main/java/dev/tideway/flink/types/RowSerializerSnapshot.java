package dev.tideway.flink.types;

import dev.tideway.persistence.PersistenceException;
import dev.tideway.internal.persistence.SchemaMigration;
import dev.tideway.schema.RowSchema;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * What a checkpoint or savepoint records of a {@link RowSerializer}, as Flink's
 * {@code TypeSerializerSnapshot} contract asks: the record class, the schema's persisted description
 * (external names, types, key flags, and the Java name of a field renamed with {@code @Column}) and
 * its fingerprint. Restored against the current record:
 * <ul>
 *   <li>same fingerprint and description: compatible as is;
 *   <li>a change Tideway migrates (see {@link SchemaMigration}): compatible after migration, read by a
 *       serializer that reads the old layout into the current record;
 *   <li>anything else: incompatible; {@link #incompatibility} says why, naming the field.
 * </ul>
 *
 * <p>Version 1 layout: record class name (UTF), description (UTF, length-prefixed bytes), fingerprint (long).
 *
 * @param <T> the record type
 */
public final class RowSerializerSnapshot<T> implements TypeSerializerSnapshot<T> {
    private static final int VERSION = 1;

    private String className;
    private String description;
    private long fingerprint;
    private ClassLoader loader;

    /** For Flink, which reads the snapshot with {@link #readSnapshot}. */
    public RowSerializerSnapshot() {}

    RowSerializerSnapshot(RowSchema<T> schema) {
        this.className = schema.type().getName();
        this.description = SchemaMigration.persistedDescription(schema);
        this.fingerprint = schema.fingerprint();
        this.loader = schema.type().getClassLoader();
    }

    /** The persisted description of the rows written (see {@link SchemaMigration#persistedDescription}). */
    public String description() {
        return description;
    }

    public long fingerprint() {
        return fingerprint;
    }

    @Override
    public int getCurrentVersion() {
        return VERSION;
    }

    @Override
    public void writeSnapshot(DataOutputView out) throws IOException {
        out.writeUTF(className);
        byte[] text = description.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(text.length);
        out.write(text);
        out.writeLong(fingerprint);
    }

    @Override
    public void readSnapshot(int readVersion, DataInputView in, ClassLoader userCodeClassLoader) throws IOException {
        if (readVersion != VERSION) {
            throw new IOException("a Tideway row serializer snapshot of version " + readVersion + "; this build reads version " + VERSION);
        }
        className = in.readUTF();
        int length = in.readInt();
        if (length < 0 || length > 1 << 20) {
            throw new IOException("a Tideway row serializer snapshot whose description is " + length + " bytes long");
        }
        byte[] text = new byte[length];
        in.readFully(text);
        description = new String(text, java.nio.charset.StandardCharsets.UTF_8);
        fingerprint = in.readLong();
        loader = userCodeClassLoader;
    }

    /** A serializer that reads rows written as this snapshot says into the current version of the record. */
    @Override
    @SuppressWarnings("unchecked")
    public TypeSerializer<T> restoreSerializer() {
        RowSchema<T> current = (RowSchema<T>) RowSchemas.of(className, loader);
        if (SchemaMigration.persistedDescription(current).equals(description)) {
            return new RowSerializer<>(current);
        }
        return new RowSerializer<>(current.type(), description);
    }

    /**
     * Whether rows this (new) snapshot describes can be read from rows {@code oldSnapshot} describes.
     */
    @Override
    public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(TypeSerializerSnapshot<T> oldSnapshot) {
        if (!(oldSnapshot instanceof RowSerializerSnapshot<T> old)) {
            return TypeSerializerSchemaCompatibility.incompatible();
        }
        if (old.fingerprint == fingerprint && old.description.equals(description)) {
            return TypeSerializerSchemaCompatibility.compatibleAsIs();
        }
        return incompatibility(old) == null ? TypeSerializerSchemaCompatibility.compatibleAfterMigration()
                : TypeSerializerSchemaCompatibility.incompatible();
    }

    /**
     * Why rows written as {@code old} describes cannot be read into the current record, or null if
     * they can (as they are, or migrated).
     */
    @SuppressWarnings("unchecked")
    public String incompatibility(RowSerializerSnapshot<?> old) {
        if (!old.className.equals(className)) {
            return "the rows were " + old.className + " and are now " + className;
        }
        try {
            SchemaMigration.reader(className, old.description, (RowSchema<Object>) RowSchemas.of(className, loader));
            return null;
        } catch (PersistenceException | IllegalArgumentException e) {
            return e.getMessage();
        }
    }
}
