package dev.tideway.internal.engine;

import dev.tideway.DuplicateKeyPolicy;
import dev.tideway.schema.BinaryReader;
import dev.tideway.schema.BinaryWriter;
import dev.tideway.schema.RowSchema;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedSet;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The rows a source holds from keyed changes ({@code UnitChanges.upsert}: a Kafka topic read in
 * upsert mode, a change stream), by message key. A message key holds one row: a change replaces
 * it, a tombstone deletes it (Pathway's upsert session). That is what an upsert means, so the
 * {@link DuplicateKeyPolicy} never applies between two changes of one message key.
 *
 * <p>Without a primary key, a row's key in the table is the hash of its message key. With one, it is
 * the row's primary key, as for the source's other rows, and the table still shows one row per
 * primary key: a change whose row takes a primary key that the row of another message key holds
 * (the producer's keys disagree with the rows') is decided by the policy when the change arrives,
 * in the order the source reports changes. Under {@link DuplicateKeyPolicy#UPSERT} it replaces that
 * row (whose message key then holds nothing); under {@link DuplicateKeyPolicy#REJECT} it is handed
 * to the rejection and dropped, and its message key keeps the row it held.
 *
 * <p>These rows are kept apart from the source's units and events: a source reports keyed changes
 * or the others, and keys are not compared across them.
 *
 * @param <T> the row type
 */
final class UpsertRows<T> {
    /** Told about a change refused under REJECT: its row and the row of another message key holding its primary key. */
    @FunctionalInterface
    interface Rejection<T> {
        void reject(T row, T holder);
    }

    /** A message key's row, its key in the table, and the logical time of the batch that read it. */
    private record Held(Object row, long tableKey, long time) {}

    private final RowSchema<T> schema;
    private final boolean keyed;
    private final ToLongFunction<T> primaryKey;
    private final Emitter emitter;
    /** Rows by the hash of their message key, in the order first read. */
    private final Map<Long, Held> byMessageKey = new LinkedHashMap<>();
    /** With a primary key: the message key whose row holds each primary key. */
    private final Map<Long, Long> byTableKey = new HashMap<>();

    UpsertRows(RowSchema<T> schema, ToLongFunction<T> primaryKey, Emitter emitter) {
        this.schema = schema;
        this.keyed = schema.hasPrimaryKey();
        this.primaryKey = primaryKey;
        this.emitter = emitter;
    }

    /**
     * The row of {@code messageKey} is now {@code row}, or none when it is null; read by the batch at
     * logical time {@code time}. {@code rejection} is null when a conflict is to be dropped silently
     * (replaying what was decided before).
     */
    void apply(long messageKey, T row, DuplicateKeyPolicy policy, long time, Rejection<T> rejection) {
        Held old = byMessageKey.get(messageKey);
        if (row == null) {
            if (old != null) {
                forget(messageKey, old);
                emitter.emit(old.tableKey(), old.row(), -1);
            }
            return;
        }
        long tableKey = keyed ? primaryKey.applyAsLong(row) : messageKey;
        Long holder = keyed ? byTableKey.get(tableKey) : null;
        if (holder != null && holder != messageKey) {
            Held other = byMessageKey.get(holder);
            if (policy == DuplicateKeyPolicy.REJECT) {
                if (rejection != null) {
                    rejection.reject(row, schema.type().cast(other.row()));
                }
                return;
            }
            forget(holder, other);
            emitter.emit(tableKey, other.row(), -1);
        }
        if (old != null) {
            forget(messageKey, old);
            emitter.emit(old.tableKey(), old.row(), -1);
        }
        byMessageKey.put(messageKey, new Held(row, tableKey, time));
        if (keyed) {
            byTableKey.put(tableKey, messageKey);
        }
        emitter.emit(tableKey, row, 1);
    }

    private void forget(long messageKey, Held held) {
        byMessageKey.remove(messageKey);
        if (keyed) {
            byTableKey.remove(held.tableKey());
        }
    }

    /** Whether a row held here has this key in the table. */
    boolean holds(long tableKey) {
        return keyed ? byTableKey.containsKey(tableKey) : byMessageKey.containsKey(tableKey);
    }

    /** Emits every row held, as if inserted now. */
    void reemit() {
        for (Held held : byMessageKey.values()) {
            emitter.emit(held.tableKey(), held.row(), 1);
        }
    }

    /** Adds the logical times of the batches that read the rows held. */
    void readTimes(SortedSet<Long> times) {
        for (Held held : byMessageKey.values()) {
            times.add(held.time());
        }
    }

    /** Emits again the rows held that the batch at {@code time} read. */
    void reemitAt(long time) {
        for (Held held : byMessageKey.values()) {
            if (held.time() == time) {
                emitter.emit(held.tableKey(), held.row(), 1);
            }
        }
    }

    /** Whether no message key holds a row. */
    boolean isEmpty() {
        return byMessageKey.isEmpty();
    }

    void clear() {
        byMessageKey.clear();
        byTableKey.clear();
    }

    /**
     * Writes the rows held (or none): {@code count (messageKey:fixed64 time:varint row)*}; the keys in
     * the table are derived again when restored.
     */
    void snapshot(BinaryWriter out, boolean withRows) {
        out.writeLength(withRows ? byMessageKey.size() : 0);
        if (!withRows) {
            return;
        }
        for (Map.Entry<Long, Held> entry : byMessageKey.entrySet()) {
            out.writeFixedLong(entry.getKey());
            out.writeLong(entry.getValue().time());
            schema.encode(schema.type().cast(entry.getValue().row()), out);
        }
    }

    /** Restores what {@link #snapshot} wrote; {@code readRow} reads one row (in an older layout when migrating). */
    void restore(BinaryReader in, Function<BinaryReader, T> readRow) {
        clear();
        int count = in.readLength(9);
        for (int i = 0; i < count; i++) {
            long messageKey = in.readFixedLong();
            long time = in.readLong();
            T row = readRow.apply(in);
            long tableKey = keyed ? primaryKey.applyAsLong(row) : messageKey;
            byMessageKey.put(messageKey, new Held(row, tableKey, time));
            if (keyed) {
                byTableKey.put(tableKey, messageKey);
            }
        }
    }
}
