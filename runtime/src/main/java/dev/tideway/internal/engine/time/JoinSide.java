package dev.tideway.internal.engine.time;

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
 * The rows of one side of one join key's bucket in a temporal join, by event time.
 *
 * @param <E> what the join keeps per row
 */
final class JoinSide<E extends JoinSide.Row> {
    /** A held row: its key, its content and its time. */
    static class Row {
        final long key;
        final Object row;
        final long time;

        Row(long key, Object row, long time) {
            this.key = key;
            this.row = row;
            this.time = time;
        }
    }

    private final TreeMap<Long, List<E>> byTime = new TreeMap<>();
    private int size;

    void add(E entry) {
        byTime.computeIfAbsent(entry.time, t -> new ArrayList<>(1)).add(entry);
        size++;
    }

    /** Removes and returns the latest held row equal to ({@code key}, {@code row}) at {@code time}, or null. */
    E remove(long key, Object row, long time) {
        List<E> atTime = byTime.get(time);
        for (int i = atTime == null ? -1 : atTime.size() - 1; i >= 0; i--) {
            E entry = atTime.get(i);
            if (entry.key == key && RowEquality.equal(entry.row, row)) {
                atTime.remove(i);
                if (atTime.isEmpty()) {
                    byTime.remove(time);
                }
                size--;
                return entry;
            }
        }
        return null;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    /** The rows whose time is within {@code [from, to]}, in time order. */
    List<E> between(long from, long to) {
        List<E> found = new ArrayList<>();
        if (from > to) {
            return found;
        }
        for (List<E> atTime : byTime.subMap(from, true, to, true).values()) {
            found.addAll(atTime);
        }
        return found;
    }

    /** The greatest time below {@code time}, or null. */
    Long lowerTime(long time) {
        return byTime.lowerKey(time);
    }

    /** The least time above {@code time}, or null. */
    Long higherTime(long time) {
        return byTime.higherKey(time);
    }

    /** The row at the greatest time at or before {@code time}: the one with the greatest key, the last of equal keys. */
    E atOrBefore(long time) {
        Map.Entry<Long, List<E>> floor = byTime.floorEntry(time);
        return floor == null ? null : pick(floor.getValue());
    }

    /** The row at the least time at or after {@code time}, chosen as {@link #atOrBefore} chooses. */
    E atOrAfter(long time) {
        Map.Entry<Long, List<E>> ceiling = byTime.ceilingEntry(time);
        return ceiling == null ? null : pick(ceiling.getValue());
    }

    private E pick(List<E> atTime) {
        E best = null;
        for (E entry : atTime) {
            if (best == null || entry.key >= best.key) {
                best = entry;
            }
        }
        return best;
    }

    /** The greatest time held, or null. */
    Long lastTime() {
        return byTime.isEmpty() ? null : byTime.lastKey();
    }

    /** Removes the rows whose time is at or before {@code time} and that {@code keep} does not keep, giving each to {@code removed}. */
    void removeUpTo(long time, java.util.function.Predicate<E> keep, Consumer<E> removed) {
        Iterator<Map.Entry<Long, List<E>>> old = byTime.headMap(time, true).entrySet().iterator();
        while (old.hasNext()) {
            List<E> atTime = old.next().getValue();
            Iterator<E> entries = atTime.iterator();
            while (entries.hasNext()) {
                E entry = entries.next();
                if (!keep.test(entry)) {
                    entries.remove();
                    size--;
                    removed.accept(entry);
                }
            }
            if (atTime.isEmpty()) {
                old.remove();
            }
        }
    }

    void forEach(Consumer<E> action) {
        for (List<E> atTime : byTime.values()) {
            atTime.forEach(action);
        }
    }

    static void writeRow(BinaryWriter out, Row entry, RowSchema<Object> schema) {
        out.writeFixedLong(entry.time);
        out.writeFixedLong(entry.key);
        schema.encode(entry.row, out);
    }

    /** Reads what {@link #writeRow} wrote, as (time, key, row). */
    static Object[] readRow(BinaryReader in, RowSchema<Object> schema) {
        long time = in.readFixedLong();
        long key = in.readFixedLong();
        return new Object[] {time, key, schema.decode(in)};
    }
}
