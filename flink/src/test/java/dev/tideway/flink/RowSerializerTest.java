package dev.tideway.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tideway.internal.engine.JoinedRow;
import dev.tideway.flink.runtime.Change;
import dev.tideway.flink.types.ChangeSerializer;
import dev.tideway.flink.types.ChangeTypeInfo;
import dev.tideway.flink.types.PairSerializer;
import dev.tideway.flink.types.RowSerializer;
import dev.tideway.flink.types.RowSerializerSnapshot;
import dev.tideway.schema.BinaryWriter;
import dev.tideway.schema.RowSchema;
import java.io.IOException;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * Tideway rows as Flink types: the generated codec as a {@code TypeSerializer}, its snapshot with
 * the schema's description and fingerprint, and the migrations Tideway supports resolved as Flink
 * resolves a serializer's compatibility on restore.
 */
class RowSerializerTest {
    private static <T> T roundTrip(TypeSerializer<T> serializer, T value) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(value, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        T read = serializer.deserialize(in);
        assertThat(in.available()).isZero();
        return read;
    }

    @SuppressWarnings("unchecked")
    private static <T> RowSerializerSnapshot<T> snapshotOf(String className, String description, long fingerprint) throws IOException {
        // a snapshot as an older version of the record wrote it
        DataOutputSerializer out = new DataOutputSerializer(64);
        out.writeUTF(className);
        byte[] text = description.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(text.length);
        out.write(text);
        out.writeLong(fingerprint);
        RowSerializerSnapshot<T> snapshot = new RowSerializerSnapshot<>();
        snapshot.readSnapshot(1, new DataInputDeserializer(out.getCopyOfBuffer()), RowSerializerTest.class.getClassLoader());
        return snapshot;
    }

    private static <T> byte[] framed(RowSchema<T> schema, T row) {
        BinaryWriter bytes = new BinaryWriter();
        schema.encode(row, bytes);
        DataOutputSerializer out = new DataOutputSerializer(64);
        try {
            out.writeInt(bytes.size());
            out.write(bytes.buffer(), 0, bytes.size());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out.getCopyOfBuffer();
    }

    @Test
    void aRowGoesThroughTheGeneratedCodec() throws IOException {
        RowSerializer<WeightedWord> serializer = new RowSerializer<>(WeightedWord_.SCHEMA);
        assertThat(roundTrip(serializer, new WeightedWord("apple", 3L))).isEqualTo(new WeightedWord("apple", 3L));
        assertThat(roundTrip(serializer, new WeightedWord("pear", null))).isEqualTo(new WeightedWord("pear", null));
        assertThat(roundTrip(serializer.duplicate(), new WeightedWord("fig", 1L))).isEqualTo(new WeightedWord("fig", 1L));
    }

    @Test
    void changesOfPairsAndPortsGoThroughTheirRowSerializers() throws IOException {
        TypeSerializer<Change> serializer = ChangeTypeInfo.of(List.of(List.of(Word_.SCHEMA), List.of(Word_.SCHEMA, WordCount_.SCHEMA)))
                .createSerializer(new SerializerConfigImpl());
        assertThat(serializer).isInstanceOf(ChangeSerializer.class);
        Change change = roundTrip(serializer, new Change(42L, new JoinedRow(new Word("a"), null), 1_700_000_000_000L, -1, 1));
        assertThat(change.key()).isEqualTo(42L);
        assertThat(change.row()).isEqualTo(new JoinedRow(new Word("a"), null));
        assertThat(change.time()).isEqualTo(1_700_000_000_000L);
        assertThat(change.diff()).isEqualTo(-1);
        assertThat(change.port()).isEqualTo(1);
        assertThat(roundTrip(serializer, new Change(7L, new Word("b"), 5L, 1, 0)).row()).isEqualTo(new Word("b"));
    }

    @Test
    void theSnapshotCarriesTheSchemaAndIsCompatibleAsIsWithItself() throws IOException {
        TypeSerializerSnapshot<WeightedWord> snapshot = new RowSerializer<>(WeightedWord_.SCHEMA).snapshotConfiguration();
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);
        TypeSerializerSnapshot<WeightedWord> read = TypeSerializerSnapshot.readVersionedSnapshot(new DataInputDeserializer(out.getCopyOfBuffer()),
                getClass().getClassLoader());
        RowSerializerSnapshot<WeightedWord> rows = (RowSerializerSnapshot<WeightedWord>) read;
        assertThat(rows.description()).isEqualTo("word string, weight nullable<long>");
        assertThat(rows.fingerprint()).isEqualTo(WeightedWord_.SCHEMA.fingerprint());
        assertThat(snapshot.resolveSchemaCompatibility(read).isCompatibleAsIs()).isTrue();
    }

    @Test
    void aNewNullableFieldIsMigrated() throws IOException {
        RowSerializerSnapshot<WeightedWord> old = snapshotOf(WeightedWord.class.getName(), "word string", Word_.SCHEMA.fingerprint());
        TypeSerializerSchemaCompatibility<WeightedWord> compatibility = new RowSerializer<>(WeightedWord_.SCHEMA).snapshotConfiguration()
                .resolveSchemaCompatibility(old);
        assertThat(compatibility.isCompatibleAfterMigration()).isTrue();
        TypeSerializer<WeightedWord> reader = old.restoreSerializer();
        WeightedWord read = reader.deserialize(new DataInputDeserializer(framed(Word_.SCHEMA, new Word("apple"))));
        assertThat(read).isEqualTo(new WeightedWord("apple", null));
    }

    @Test
    void aFieldRenamedInTheDataWithColumnIsMigrated() throws IOException {
        // TermWord's component "word" was written as "word"; it is now "term" in the data
        RowSerializerSnapshot<TermWord> old = snapshotOf(TermWord.class.getName(), "word string, weight nullable<long>", 1L);
        assertThat(new RowSerializer<>(TermWord_.SCHEMA).snapshotConfiguration().resolveSchemaCompatibility(old).isCompatibleAfterMigration())
                .isTrue();
        TermWord read = old.restoreSerializer().deserialize(new DataInputDeserializer(framed(WeightedWord_.SCHEMA, new WeightedWord("fig", 2L))));
        assertThat(read).isEqualTo(new TermWord("fig", 2L));
    }

    @Test
    void aRemovedFieldIsDropped() throws IOException {
        RowSerializerSnapshot<Word> old = snapshotOf(Word.class.getName(), "word string, weight nullable<long>", 1L);
        assertThat(new RowSerializer<>(Word_.SCHEMA).snapshotConfiguration().resolveSchemaCompatibility(old).isCompatibleAfterMigration())
                .isTrue();
        Word read = old.restoreSerializer().deserialize(new DataInputDeserializer(framed(WeightedWord_.SCHEMA, new WeightedWord("kiwi", 5L))));
        assertThat(read).isEqualTo(new Word("kiwi"));
    }

    @Test
    void aChangedTypeIsIncompatibleAndSaysWhichField() throws IOException {
        RowSerializerSnapshot<WeightedWord> old = snapshotOf(WeightedWord.class.getName(), "word long", 1L);
        RowSerializerSnapshot<WeightedWord> current = (RowSerializerSnapshot<WeightedWord>) new RowSerializer<>(WeightedWord_.SCHEMA)
                .snapshotConfiguration();
        assertThat(current.resolveSchemaCompatibility(old).isIncompatible()).isTrue();
        assertThat(current.incompatibility(old)).contains("word").contains("changed type from long to string");
    }

    @Test
    void aPairSerializerKeepsAbsentSides() throws IOException {
        @SuppressWarnings({"unchecked", "rawtypes"})
        PairSerializer pairs = new PairSerializer((TypeSerializer) new RowSerializer<>(Word_.SCHEMA), (TypeSerializer) new RowSerializer<>(WordCount_.SCHEMA));
        assertThat(roundTrip(pairs, new JoinedRow(null, new WordCount("a", 2)))).isEqualTo(new JoinedRow(null, new WordCount("a", 2)));
        assertThat(pairs.snapshotConfiguration().resolveSchemaCompatibility(pairs.snapshotConfiguration()).isCompatibleAsIs()).isTrue();
    }
}
