package dev.tideway.internal.engine;

import dev.tideway.DuplicateKeyPolicy;
import dev.tideway.schema.BinaryReader;
import dev.tideway.schema.BinaryWriter;
import dev.tideway.schema.RowSchema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The rows a source holds that were inserted and deleted one by one ({@code UnitChanges.event}: push
 * sources, test inputs), by key.
 *
 * <p>Without a primary key a row is keyed by its content, and equal rows are counted. With one, the
 * table shows one row per key: under {@link DuplicateKeyPolicy#UPSERT} an insert replaces the row
 * held; under {@link DuplicateKeyPolicy#REJECT} an insert whose key is still held at the end of the
 * poll ({@link #settle}) is rejected (by default the run stops) — so inserting a row and deleting
 * the one it replaces within one poll is no conflict.
 *
 * @param <T> the row type
 */
final class EventRows<T> {
    /** Told about an inserted row whose key {@code holder} holds, under REJECT; may throw to stop the run. */
    @FunctionalInterface
    interface Rejection<T> {
        void reject(T row, Object holder);
    }

    private static final Held NO_ROW = new Held(null, -1);

    private final RowSchema<T> schema;
    private final boolean keyed;
    private final ToLongFunction<T> keyOf;
    private final Emitter emitter;
    /** Rows by key, in the order inserted; without a primary key, one entry per distinct row, counted. */
    private final Map<Long, List<Held>> byKey = new LinkedHashMap<>();
    /** Keys (with a primary key) waiting for the end of the poll, with the row shown meanwhile. */
    private final Map<Long, Held> unsettled = new LinkedHashMap<>();
    /** The rows restored from a version-1 state, in the order read, whose read times follow the rest. */
    private List<Held> restoredVersion1 = List.of();
    private long nextArrival;

    private static final class Held {
        final Object row;
        final long arrival;
        int count;
        /** The logical time of each insertion still held, oldest first ({@code count} of them). */
        long[] times = new long[1];

        Held(Object row, long arrival) {
            this.row = row;
            this.arrival = arrival;
        }

        void inserted(long time) {
            if (count == times.length) {
                times = Arrays.copyOf(times, count * 2);
            }
            times[count++] = time;
        }
    }

    EventRows(RowSchema<T> schema, ToLongFunction<T> keyOf, Emitter emitter) {
        this.schema = schema;
        this.keyed = schema.hasPrimaryKey();
        this.keyOf = keyOf;
        this.emitter = emitter;
    }

    /**
     * Inserts ({@code diff} +1) or deletes (-1) a row, in the batch at logical time {@code time}.
     *
     * @throws IllegalArgumentException if the row to delete is not held
     */
    /** Whether a pushed row with this key is held. */
    boolean holds(long key) {
        return byKey.containsKey(key);
    }

    void apply(T row, int diff, DuplicateKeyPolicy policy, String sourceId, long time) {
        long key = keyOf.applyAsLong(row);
        List<Held> held = byKey.computeIfAbsent(key, k -> new ArrayList<>(1));
        if (diff > 0) {
            insert(key, row, held, policy, time);
        } else {
            delete(key, row, held, sourceId);
        }
    }

    private void insert(long key, T row, List<Held> held, DuplicateKeyPolicy policy, long time) {
        if (!keyed) {
            Held match = find(held, row);
            if (match == null) {
                match = new Held(row, nextArrival++);
                held.add(match);
            }
            match.inserted(time);
            emitter.emit(key, row, 1);
            return;
        }
        Held added = new Held(row, nextArrival++);
        added.inserted(time);
        if (policy == DuplicateKeyPolicy.UPSERT && !held.isEmpty()) {
            Held shown = unsettled.containsKey(key) ? unsettled.remove(key) : held.get(0);
            if (shown != NO_ROW) {
                emitter.emit(key, shown.row, -1);
            }
            held.clear();
        } else if (!held.isEmpty() || unsettled.containsKey(key)) {
            unsettled.putIfAbsent(key, held.isEmpty() ? NO_ROW : held.get(0));
            held.add(added);
            return;
        }
        held.add(added);
        emitter.emit(key, row, 1);
    }

    private void delete(long key, T row, List<Held> held, String sourceId) {
        Held match = find(held, row);
        if (match == null) {
            if (held.isEmpty()) {
                byKey.remove(key);
            }
            throw new IllegalArgumentException("source " + sourceId + ": cannot delete " + row + ": no such row was inserted");
        }
        boolean shown = keyed && (unsettled.containsKey(key) ? unsettled.get(key) == match : held.get(0) == match);
        if (--match.count == 0) {
            held.remove(match);
        }
        if (!keyed) {
            emitter.emit(key, match.row, -1);
        } else if (shown) {
            emitter.emit(key, match.row, -1);
            if (!held.isEmpty() || unsettled.containsKey(key)) {
                unsettled.put(key, NO_ROW);
            }
        }
        if (held.isEmpty() && !unsettled.containsKey(key)) {
            byKey.remove(key);
        }
    }

    private static Held find(List<Held> held, Object row) {
        for (Held candidate : held) {
            if (RowEquality.equal(candidate.row, row)) {
                return candidate;
            }
        }
        return null;
    }

    /** Whether an insert or delete since the last {@link #settle} left a key to settle. */
    boolean unsettled() {
        return !unsettled.isEmpty();
    }

    /**
     * Ends the poll: under REJECT, every row inserted while its key was held (and still held) is
     * handed to {@code rejection} (null: dropped silently, as when replaying) and dropped; the row
     * each key shows is emitted where it changed.
     */
    @SuppressWarnings("unchecked")
    void settle(Rejection<T> rejection) {
        try {
            List<Object[]> rejected = new ArrayList<>();
            for (Map.Entry<Long, Held> entry : unsettled.entrySet()) {
                List<Held> held = byKey.getOrDefault(entry.getKey(), List.of());
                for (int i = 1; i < held.size(); i++) {
                    rejected.add(new Object[] {held.get(i), held.get(0)});
                }
            }
            rejected.sort(Comparator.comparingLong(r -> ((Held) r[0]).arrival));
            for (Object[] conflict : rejected) {
                if (rejection != null) {
                    rejection.reject((T) ((Held) conflict[0]).row, ((Held) conflict[1]).row);
                }
            }
            for (Map.Entry<Long, Held> entry : unsettled.entrySet()) {
                long key = entry.getKey();
                List<Held> held = byKey.getOrDefault(key, new ArrayList<>());
                while (held.size() > 1) {
                    held.remove(held.size() - 1);
                }
                Held shown = entry.getValue();
                Held chosen = held.isEmpty() ? NO_ROW : held.get(0);
                if (held.isEmpty()) {
                    byKey.remove(key);
                }
                if (shown == chosen || (shown != NO_ROW && chosen != NO_ROW && RowEquality.equal(shown.row, chosen.row))) {
                    continue;
                }
                if (shown != NO_ROW) {
                    emitter.emit(key, shown.row, -1);
                }
                if (chosen != NO_ROW) {
                    emitter.emit(key, chosen.row, 1);
                }
            }
        } finally {
            unsettled.clear();
        }
    }

    /** Emits every row held, as if inserted now. */
    void reemit() {
        for (Map.Entry<Long, List<Held>> entry : byKey.entrySet()) {
            for (Held held : entry.getValue()) {
                for (int n = 0; n < held.count; n++) {
                    emitter.emit(entry.getKey(), held.row, 1);
                }
            }
        }
    }

    /** Adds the logical times of the batches that inserted the rows held. */
    void readTimes(SortedSet<Long> times) {
        for (List<Held> held : byKey.values()) {
            for (Held row : held) {
                for (int n = 0; n < row.count; n++) {
                    times.add(row.times[n]);
                }
            }
        }
    }

    /** Emits again the rows held that the batch at {@code time} inserted. */
    void reemitAt(long time) {
        for (Map.Entry<Long, List<Held>> entry : byKey.entrySet()) {
            for (Held held : entry.getValue()) {
                for (int n = 0; n < held.count; n++) {
                    if (held.times[n] == time) {
                        emitter.emit(entry.getKey(), held.row, 1);
                    }
                }
            }
        }
    }

    /** Whether no row is held. */
    boolean isEmpty() {
        return byKey.isEmpty() && unsettled.isEmpty();
    }

    void clear() {
        byKey.clear();
        unsettled.clear();
        restoredVersion1 = List.of();
    }

    /** Writes the rows held (or none), each with its count and the time of each insertion. */
    void snapshot(BinaryWriter out, boolean withRows) {
        List<Held> rows = new ArrayList<>();
        if (withRows) {
            byKey.values().forEach(rows::addAll);
        }
        out.writeLength(rows.size());
        for (Held held : rows) {
            out.writeLength(held.count);
            schema.encode(schema.type().cast(held.row), out);
            for (int n = 0; n < held.count; n++) {
                out.writeLong(held.times[n]);
            }
        }
    }

    /**
     * Restores what {@link #snapshot} wrote; {@code readRow} reads one row (in an older layout when
     * migrating). Version 1 wrote no times inline: they follow, see {@link #restoreVersion1Times}.
     */
    void restore(BinaryReader in, Function<BinaryReader, T> readRow, boolean timesInline) {
        clear();
        List<Held> restored = new ArrayList<>();
        int count = in.readLength(1);
        for (int e = 0; e < count; e++) {
            int times = in.readLength(0);
            T row = readRow.apply(in);
            List<Held> held = byKey.computeIfAbsent(keyOf.applyAsLong(row), k -> new ArrayList<>(1));
            // with a primary key, one entry an insertion; without, one entry counted
            int entries = keyed ? times : 1;
            for (int n = 0; n < entries; n++) {
                Held entry = new Held(row, nextArrival++);
                int insertions = keyed ? 1 : times;
                entry.times = new long[Math.max(1, insertions)];
                entry.count = insertions;
                if (timesInline) {
                    for (int t = 0; t < insertions; t++) {
                        entry.times[t] = in.readLong();
                    }
                }
                held.add(entry);
                restored.add(entry);
            }
        }
        restoredVersion1 = timesInline ? List.of() : restored;
    }

    /** Reads the insertion times a version-1 state wrote after everything else, in the order its rows were read. */
    void restoreVersion1Times(BinaryReader in) {
        for (Held entry : restoredVersion1) {
            for (int n = 0; n < entry.count; n++) {
                entry.times[n] = in.readLong();
            }
        }
        restoredVersion1 = List.of();
    }
}
