package dev.tideway.internal.engine;

import dev.tideway.schema.BinaryReader;
import dev.tideway.schema.BinaryWriter;
import dev.tideway.schema.RowSchema;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A source's rows as bytes: encoded and decoded by the schema's codec (a unit's rows one after
 * another), read in an older layout while recovering state written with another version of the schema
 * ({@link #migrateFrom}), loaded from the rows store ({@link UnitRows}, {@code rows/<source id>/…})
 * when a unit holds only their name, and the keys the source gives its rows: a hash of the primary
 * key, of the content (an event row without one), or of the source's id, the unit's name and the row's
 * position in it ({@link #seed}).
 *
 * <p>Not thread-safe: used on the source's thread.
 *
 * @param <T> the row type
 */
final class SourceRowCodec<T> {
    private final RowSchema<T> schema;
    private final boolean keyed;
    /** The source's persistent id: assigned when the run starts, after the source was made. */
    private final Supplier<String> sourceId;
    private final BinaryWriter keyWriter = new BinaryWriter();
    /** While recovering state written with an older schema: reads a row in the old layout. */
    private Function<BinaryReader, T> oldRows;
    /** Where persisted unit rows are loaded from; null without persistence. */
    private UnitRows storedRows;

    SourceRowCodec(RowSchema<T> schema, Supplier<String> sourceId) {
        this.schema = schema;
        this.keyed = schema.hasPrimaryKey();
        this.sourceId = sourceId;
    }

    RowSchema<T> schema() {
        return schema;
    }

    /** Appends the encoded rows to {@code out}, one after another. */
    void encodeAll(List<T> rows, BinaryWriter out) {
        for (T row : rows) {
            schema.encode(row, out);
        }
    }

    List<T> decodeAll(BinaryReader in, int count) {
        List<T> rows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            rows.add(schema.decode(in));
        }
        return rows;
    }

    /** The unit's rows, decoded (loaded from the store first if they were dropped from memory). */
    List<T> rowsOf(HeldUnit unit) {
        load(unit);
        return decodeAll(new BinaryReader(unit.data, unit.offset, unit.length), unit.count);
    }

    /** Brings the unit's encoded rows into memory, from the store if they were dropped. */
    void load(HeldUnit unit) {
        if (unit.data == null) {
            unit.data = loadStored(unit.stored);
            unit.offset = 0;
            unit.length = unit.data.length;
        }
    }

    /** Where rows named by a restored snapshot or a log record are loaded from. */
    void storedRows(UnitRows store) {
        this.storedRows = store;
    }

    byte[] loadStored(String name) {
        if (storedRows == null) {
            throw new IllegalStateException("source " + sourceId.get() + ": rows stored as " + name + " but no store to load them from");
        }
        return storedRows.load(name);
    }

    /**
     * Reads the state and log written with another version of the schema: {@code reader} reads one
     * row in the old layout and returns it in the new one. Null when recovery is over.
     */
    void migrateFrom(Function<BinaryReader, T> reader) {
        this.oldRows = reader;
    }

    /** Reads one row in the layout it was written in. */
    T readRow(BinaryReader in) {
        return oldRows == null ? schema.decode(in) : oldRows.apply(in);
    }

    /** {@code count} rows written in the layout being migrated from, re-encoded in the current one (as they are without a migration). */
    byte[] transcode(byte[] rows, int count) {
        if (oldRows == null || rows == null) {
            return rows;
        }
        BinaryReader in = new BinaryReader(rows);
        BinaryWriter out = new BinaryWriter(rows.length + 16);
        for (int i = 0; i < count; i++) {
            schema.encode(oldRows.apply(in), out);
        }
        in.requireEnd();
        return out.toByteArray();
    }

    /** Rows of a restored unit in the current layout, when the schema changed (stored rows are loaded to be migrated). */
    byte[] migrateRows(byte[] inline, String stored, int count) {
        if (oldRows == null) {
            return null;
        }
        return transcode(inline != null ? inline : loadStored(stored), count);
    }

    /** The key of a row not tied to a unit: its primary key, or else a hash of its content. */
    long keyOf(T row) {
        if (keyed) {
            return primaryKey(row);
        }
        keyWriter.reset();
        schema.encode(row, keyWriter);
        return KeyHasher.hash(keyWriter.buffer(), keyWriter.size());
    }

    long primaryKey(T row) {
        keyWriter.reset();
        schema.writeKey(row, keyWriter);
        return KeyHasher.hash(keyWriter.buffer(), keyWriter.size());
    }

    /** What the keys of a unit's rows without a primary key are made of: the source's id and the unit's name. */
    long seed(String unit) {
        return hash(sourceId.get() + '\u0000' + unit);
    }

    private static long hash(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return KeyHasher.hash(bytes, bytes.length);
    }
}
