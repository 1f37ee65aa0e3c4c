package dev.tideway.internal.engine.ops;

import dev.tideway.internal.engine.LongObjectMap;
import dev.tideway.schema.BinaryReader;
import dev.tideway.schema.BinaryWriter;
import dev.tideway.schema.RowSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;

/**
 * What a select that must not compute a retraction again (a non-deterministic or an asynchronous
 * one) remembers: for each live input row, by row key, the output row it produced and the
 * fingerprint of the input row (the hash of its encoding), or {@link #WITHHELD} when user code failed
 * on the row and the run withheld it, so that its retraction is dropped without calling the code.
 *
 * <p>Several live input rows may share a key, so the values are a list per key: {@link #take}
 * removes the most recent value produced for an equal input row.
 *
 * <p>Its snapshot, as {@code docs/state-format.md} gives it ({@code tideway-snapshot} format 2 on):
 * <pre>
 * produced = count:length (key:fixed64 n:length (fingerprint:fixed64 row){n}){count} [withheld]
 * withheld = count:length (key:fixed64 fingerprint:fixed64){count}
 * </pre>
 * The withheld section is written only when some row was withheld, so a state without failures has
 * the layout of format 1, and a state of format 0 or 1 reads as one without failures.
 *
 * <p>Not thread-safe: used on the run's thread.
 */
final class ProducedRows {
    /** What stands for the output of a row on which user code failed: withheld from the output. */
    static final Object WITHHELD = new Object();

    private record Produced(long input, Object row) {}

    private final LongObjectMap<List<Produced>> byKey = new LongObjectMap<>();
    /** The input rows held, withheld ones included. */
    private long size;

    /** Remembers that the input row of fingerprint {@code input} and key {@code key} produced {@code row} (or {@link #WITHHELD}). */
    void add(long key, long input, Object row) {
        byKey.computeIfAbsent(key, k -> new ArrayList<>(1)).add(new Produced(input, row));
        size++;
    }

    /**
     * Forgets and returns what the most recent input row of key {@code key} and fingerprint
     * {@code input} produced: a row, or {@link #WITHHELD}.
     *
     * @throws IllegalStateException if no such input row is held (the retraction of a row never
     *     inserted), naming {@code node}, the key and the row
     */
    Object take(long key, long input, Object node, Object inputRow) {
        List<Produced> rows = byKey.get(key);
        for (int r = rows == null ? -1 : rows.size() - 1; r >= 0; r--) {
            if (rows.get(r).input == input) {
                Object row = rows.remove(r).row;
                size--;
                if (rows.isEmpty()) {
                    byKey.remove(key);
                }
                return row;
            }
        }
        throw new IllegalStateException(node + ": retraction of a row for which no value was produced, key "
                + Long.toHexString(key) + ": " + inputRow);
    }

    /** The input rows held (a value or a withheld failure each). */
    long size() {
        return size;
    }

    /** Calls {@code action} for every row produced and not withheld. */
    void forEachRow(LongObjectMap.Entry<Object> action) {
        byKey.forEach((key, rows) -> {
            for (Produced row : rows) {
                if (row.row != WITHHELD) {
                    action.accept(key, row.row);
                }
            }
        });
    }

    /** Writes the rows produced with {@code schema}, then the withheld ones if any (see the class's layout). */
    void write(BinaryWriter out, RowSchema<Object> schema) {
        write(List.of(this), out, schema);
    }

    /**
     * Writes the rows produced of every part (the copies of one select on several workers, each holding
     * other row keys) with {@code schema} as one state, then the withheld ones if any (see the class's layout).
     */
    static void write(List<ProducedRows> parts, BinaryWriter out, RowSchema<Object> schema) {
        List<long[]> withheld = new ArrayList<>();
        int[] keysWithValues = {0};
        for (ProducedRows part : parts) {
            part.byKey.forEach((key, rows) -> {
                if (rows.stream().anyMatch(row -> row.row != WITHHELD)) {
                    keysWithValues[0]++;
                }
            });
        }
        out.writeLength(keysWithValues[0]);
        for (ProducedRows part : parts) {
            part.byKey.forEach((key, rows) -> {
                int values = 0;
                for (Produced row : rows) {
                    if (row.row == WITHHELD) {
                        withheld.add(new long[] {key, row.input});
                    } else {
                        values++;
                    }
                }
                if (values == 0) {
                    return;
                }
                out.writeFixedLong(key);
                out.writeLength(values);
                for (Produced row : rows) {
                    if (row.row != WITHHELD) {
                        out.writeFixedLong(row.input);
                        schema.encode(row.row, out);
                    }
                }
            });
        }
        if (!withheld.isEmpty()) {
            out.writeLength(withheld.size());
            for (long[] entry : withheld) {
                out.writeFixedLong(entry[0]);
                out.writeFixedLong(entry[1]);
            }
        }
    }

    /** Replaces what is held with every row {@link #write} wrote. */
    void read(BinaryReader in, RowSchema<Object> schema) {
        read(in, schema, key -> true);
    }

    /**
     * Replaces what is held with what {@link #write} wrote for the row keys {@code keep} accepts; the withheld section is read when bytes
     * follow the rows (the caller checks that nothing follows it).
     *
     * @throws dev.tideway.schema.CodecException if the bytes are not such a state
     */
    void read(BinaryReader in, RowSchema<Object> schema, LongPredicate keep) {
        byKey.clear();
        size = 0;
        int keys = in.readLength(9);
        for (int i = 0; i < keys; i++) {
            long key = in.readFixedLong();
            int count = in.readLength(8);
            List<Produced> rows = new ArrayList<>(count);
            for (int r = 0; r < count; r++) {
                long input = in.readFixedLong();
                rows.add(new Produced(input, schema.decode(in)));
            }
            if (keep.test(key)) {
                size += count;
                byKey.put(key, rows);
            }
        }
        if (in.hasRemaining()) {
            int withheld = in.readLength(16);
            for (int i = 0; i < withheld; i++) {
                long key = in.readFixedLong();
                long input = in.readFixedLong();
                if (keep.test(key)) {
                    add(key, input, WITHHELD);
                }
            }
        }
    }
}
