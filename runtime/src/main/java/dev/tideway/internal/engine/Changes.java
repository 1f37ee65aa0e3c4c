package dev.tideway.internal.engine;

import dev.tideway.spi.ChangeBatch;
import java.util.Arrays;

/**
 * A batch of row changes {@code (key, row, diff)}, kept in parallel arrays so that a batch of a
 * million changes is three arrays, not a million objects. A diff is +1 (insert) or -1 (retract).
 *
 * <p>Buffers are reused: an operator clears its output batch after its consumers have seen it.
 */
public final class Changes {
    private long[] keys;
    private Object[] rows;
    private int[] diffs;
    private int size;

    public Changes() {
        this(16);
    }

    public Changes(int capacity) {
        int initial = Math.max(4, capacity);
        keys = new long[initial];
        rows = new Object[initial];
        diffs = new int[initial];
    }

    public void add(long key, Object row, int diff) {
        if (size == keys.length) {
            int grown = size * 2;
            keys = Arrays.copyOf(keys, grown);
            rows = Arrays.copyOf(rows, grown);
            diffs = Arrays.copyOf(diffs, grown);
        }
        keys[size] = key;
        rows[size] = row;
        diffs[size] = diff;
        size++;
    }

    public void addAll(Changes other) {
        for (int i = 0; i < other.size; i++) {
            add(other.keys[i], other.rows[i], other.diffs[i]);
        }
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public long key(int i) {
        return keys[i];
    }

    public Object row(int i) {
        return rows[i];
    }

    public int diff(int i) {
        return diffs[i];
    }

    /** These changes as a sink reads them: typed, read-only, valid until they are cleared. */
    public <T> ChangeBatch<T> asBatch() {
        return new ChangeBatchView<>(this);
    }

    /** Forgets the changes added after the first {@code newSize}. */
    public void truncate(int newSize) {
        if (newSize < 0 || newSize > size) {
            throw new IndexOutOfBoundsException("cannot truncate " + size + " changes to " + newSize);
        }
        Arrays.fill(rows, newSize, size, null);
        size = newSize;
    }

    /** Forgets the changes, keeping the arrays (and dropping row references). */
    public void clear() {
        Arrays.fill(rows, 0, size, null);
        size = 0;
    }

    /**
     * Cancels out changes of equal key and row whose diffs sum to zero, keeping the order of the
     * first occurrence of each (key, row). Used before changes leave the engine, so a sink never sees
     * a row inserted and retracted at one time.
     */
    public void consolidate() {
        if (size < 2) {
            return;
        }
        java.util.HashMap<KeyedRow, Integer> index = new java.util.HashMap<>(size * 2);
        int[] merged = new int[size];
        int distinct = 0;
        long[] outKeys = new long[size];
        Object[] outRows = new Object[size];
        for (int i = 0; i < size; i++) {
            KeyedRow kr = new KeyedRow(keys[i], rows[i]);
            Integer at = index.get(kr);
            if (at == null) {
                index.put(kr, distinct);
                outKeys[distinct] = keys[i];
                outRows[distinct] = rows[i];
                merged[distinct] = diffs[i];
                distinct++;
            } else {
                merged[at] += diffs[i];
            }
        }
        Arrays.fill(rows, 0, size, null);
        size = 0;
        for (int i = 0; i < distinct; i++) {
            int diff = merged[i];
            // a net diff of +-2 or more is kept as repeated unit changes: sinks write one line per change
            int unit = diff > 0 ? 1 : -1;
            for (int n = Math.abs(diff); n > 0; n--) {
                add(outKeys[i], outRows[i], unit);
            }
        }
    }

    private record KeyedRow(long key, Object row) {
        @Override
        public boolean equals(Object o) {
            return o instanceof KeyedRow other && other.key == key && RowEquality.equal(other.row, row);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(key) * 31 + RowEquality.hash(row);
        }
    }
}
