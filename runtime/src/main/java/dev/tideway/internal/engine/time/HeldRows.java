package dev.tideway.internal.engine.time;

import dev.tideway.internal.engine.LongObjectMap;
import dev.tideway.internal.engine.RowEquality;
import dev.tideway.schema.BinaryReader;
import dev.tideway.schema.BinaryWriter;
import dev.tideway.schema.RowSchema;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Rows held by key, each with a due time in ticks, and ordered by that time: what {@code forget}
 * holds until it forgets and {@code buffer} until it releases. Taking the rows due is proportional
 * to their number.
 */
final class HeldRows {
    /** One held row; {@code gone} once removed by key, so that the time index skips it. */
    static final class Held {
        final long key;
        final Object row;
        final long due;
        boolean gone;

        Held(long key, Object row, long due) {
            this.key = key;
            this.row = row;
            this.due = due;
        }
    }

    private final LongObjectMap<List<Held>> byKey = new LongObjectMap<>();
    private final TreeMap<Long, List<Held>> byDue = new TreeMap<>();
    private int size;

    void add(long key, Object row, long due) {
        Held held = new Held(key, row, due);
        byKey.computeIfAbsent(key, k -> new ArrayList<>(1)).add(held);
        byDue.computeIfAbsent(due, d -> new ArrayList<>()).add(held);
        size++;
    }

    /** Removes the latest held row of {@code key} equal to {@code row}; false if none is held. */
    boolean remove(long key, Object row) {
        List<Held> rows = byKey.get(key);
        if (rows == null) {
            return false;
        }
        for (int i = rows.size() - 1; i >= 0; i--) {
            Held held = rows.get(i);
            if (RowEquality.equal(held.row, row)) {
                rows.remove(i);
                if (rows.isEmpty()) {
                    byKey.remove(key);
                }
                held.gone = true;
                List<Held> sameDue = byDue.get(held.due);
                sameDue.remove(held);
                if (sameDue.isEmpty()) {
                    byDue.remove(held.due);
                }
                size--;
                return true;
            }
        }
        return false;
    }

    /** Removes every row due at or before {@code time}, in order of due time, giving each to {@code taken}. */
    void takeDue(long time, Consumer<Held> taken) {
        Iterator<Map.Entry<Long, List<Held>>> due = byDue.headMap(time, true).entrySet().iterator();
        while (due.hasNext()) {
            for (Held held : due.next().getValue()) {
                List<Held> rows = byKey.get(held.key);
                rows.remove(held);
                if (rows.isEmpty()) {
                    byKey.remove(held.key);
                }
                held.gone = true;
                size--;
                taken.accept(held);
            }
            due.remove();
        }
    }

    int size() {
        return size;
    }

    void forEach(Consumer<Held> action) {
        for (List<Held> rows : byDue.values()) {
            rows.forEach(action);
        }
    }

    void snapshot(BinaryWriter out, RowSchema<Object> schema) {
        out.writeLength(size);
        forEach(held -> {
            out.writeFixedLong(held.key);
            out.writeFixedLong(held.due);
            schema.encode(held.row, out);
        });
    }

    void restore(BinaryReader in, RowSchema<Object> schema) {
        byKey.clear();
        byDue.clear();
        size = 0;
        int count = in.readLength(16);
        for (int i = 0; i < count; i++) {
            long key = in.readFixedLong();
            long due = in.readFixedLong();
            add(key, schema.decode(in), due);
        }
    }
}
