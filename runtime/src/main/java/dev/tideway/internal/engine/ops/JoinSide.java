package dev.tideway.internal.engine.ops;

import java.util.Arrays;
import java.util.Objects;

/**
 * The rows one side of a join bucket holds, in arrival order: each row with its row key, in parallel
 * arrays (no object per row beyond the row itself), grown by chunks of {@value #CHUNK}. An
 * {@code ArrayList} copies all its elements at each growth, which for the hot keys of a join (a join
 * key with a million rows on one side) means allocating and copying arrays of a million references
 * again and again; here the first chunk grows as an {@code ArrayList} does up to {@value #CHUNK} (a
 * small side stays small), and every chunk but the last is full, so {@link #key} and {@link #row} are
 * two array reads. {@link #remove} shifts the rest of its chunk and moves one row per following chunk.
 * Not thread-safe.
 */
final class JoinSide {
    static final int CHUNK = 1024;
    private static final int SHIFT = 10;
    private static final int MASK = CHUNK - 1;

    private long[][] keys = {new long[2]};
    private Object[][] rows = {new Object[2]};
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The row key of row {@code index} (0 is the oldest). */
    long key(int index) {
        Objects.checkIndex(index, size);
        return keys[index >>> SHIFT][index & MASK];
    }

    /** Row {@code index} (0 is the oldest). */
    Object row(int index) {
        Objects.checkIndex(index, size);
        return rows[index >>> SHIFT][index & MASK];
    }

    /** Adds a row with its row key after the others. */
    void add(long key, Object row) {
        int c = size >>> SHIFT;
        int offset = size & MASK;
        if (c == 0) {
            if (offset == keys[0].length) {
                int grown = Math.min(CHUNK, keys[0].length * 2);
                keys[0] = Arrays.copyOf(keys[0], grown);
                rows[0] = Arrays.copyOf(rows[0], grown);
            }
        } else {
            if (c == keys.length) {
                keys = Arrays.copyOf(keys, keys.length * 2);
                rows = Arrays.copyOf(rows, rows.length * 2);
            }
            if (keys[c] == null) {
                keys[c] = new long[CHUNK];
                rows[c] = new Object[CHUNK];
            }
        }
        keys[c][offset] = key;
        rows[c][offset] = row;
        size++;
    }

    /** Removes row {@code index}; the rows after it move up one place, keeping their order. */
    void remove(int index) {
        Objects.checkIndex(index, size);
        int lastIndex = size - 1;
        int lastChunk = lastIndex >>> SHIFT;
        int first = index >>> SHIFT;
        for (int c = first; c <= lastChunk; c++) {
            int from = c == first ? index & MASK : 0;
            int end = c == lastChunk ? lastIndex & MASK : MASK;
            System.arraycopy(keys[c], from + 1, keys[c], from, end - from);
            System.arraycopy(rows[c], from + 1, rows[c], from, end - from);
            if (c < lastChunk) {
                keys[c][MASK] = keys[c + 1][0];
                rows[c][MASK] = rows[c + 1][0];
            }
        }
        rows[lastChunk][lastIndex & MASK] = null;
        if (lastChunk > 0 && (lastIndex & MASK) == 0) {
            keys[lastChunk] = null;
            rows[lastChunk] = null;
        }
        size--;
    }
}
