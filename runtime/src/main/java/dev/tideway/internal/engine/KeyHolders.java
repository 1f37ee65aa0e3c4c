package dev.tideway.internal.engine;

import dev.tideway.DuplicateKeyPolicy;
import java.util.Arrays;

/**
 * For a source with a primary key: the rows read with each key, in the order they were read. A row
 * is named by an entry, its unit's id and its index in the unit ({@link #entry}). Nearly every key
 * has one row; a duplicate key has several, of which the table shows one, chosen by the
 * {@link DuplicateKeyPolicy}: the first read (REJECT) or the last (UPSERT).
 */
final class KeyHolders {
    /** No entry. */
    static final long NONE = -1;

    private final LongObjectMap<long[]> byKey = new LongObjectMap<>();

    /** The entry of row {@code index} of the unit with id {@code unitId}. */
    static long entry(int unitId, int index) {
        return ((long) unitId << 32) | (index & 0xFFFFFFFFL);
    }

    static int unitId(long entry) {
        return (int) (entry >>> 32);
    }

    static int index(long entry) {
        return (int) entry;
    }

    /** Adds a row read after every row held, and returns how many rows held the key before. */
    int add(long key, long entry) {
        long[] held = byKey.get(key);
        if (held == null) {
            byKey.put(key, new long[] {entry});
            return 0;
        }
        long[] more = Arrays.copyOf(held, held.length + 1);
        more[held.length] = entry;
        byKey.put(key, more);
        return held.length;
    }

    /** Removes a row; returns whether it was held. */
    boolean remove(long key, long entry) {
        long[] held = byKey.get(key);
        if (held == null) {
            return false;
        }
        for (int i = 0; i < held.length; i++) {
            if (held[i] == entry) {
                if (held.length == 1) {
                    byKey.remove(key);
                } else {
                    long[] fewer = new long[held.length - 1];
                    System.arraycopy(held, 0, fewer, 0, i);
                    System.arraycopy(held, i + 1, fewer, i, held.length - i - 1);
                    byKey.put(key, fewer);
                }
                return true;
            }
        }
        return false;
    }

    /** The rows holding {@code key}, in the order read; empty when none. */
    long[] entries(long key) {
        long[] held = byKey.get(key);
        return held == null ? new long[0] : held;
    }

    /** The row the table shows for {@code key}, or {@link #NONE}. */
    long chosen(long key, DuplicateKeyPolicy policy) {
        long[] held = byKey.get(key);
        if (held == null) {
            return NONE;
        }
        return policy == DuplicateKeyPolicy.UPSERT ? held[held.length - 1] : held[0];
    }

    /** Calls {@code action} for every key with its entries; the holders must not change meanwhile. */
    void forEach(LongObjectMap.Entry<long[]> action) {
        byKey.forEach(action);
    }
}
