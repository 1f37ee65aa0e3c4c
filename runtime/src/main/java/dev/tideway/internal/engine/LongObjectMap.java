package dev.tideway.internal.engine;

import java.util.Arrays;
import java.util.function.LongFunction;

/**
 * An open-addressing hash map from primitive {@code long} keys to objects: the engine's state is
 * indexed by 64-bit row and group keys, and boxing each of them would cost an allocation per update.
 *
 * @param <V> the value type
 */
public final class LongObjectMap<V> {
    private static final Object REMOVED = new Object();

    private long[] keys;
    private Object[] values;
    private int size;
    private int used;
    private int mask;

    public LongObjectMap() {
        this(16);
    }

    public LongObjectMap(int expected) {
        int capacity = Integer.highestOneBit(Math.max(4, expected * 2) - 1) << 1;
        keys = new long[capacity];
        values = new Object[capacity];
        mask = capacity - 1;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    private static int spread(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    private int slot(long key) {
        int i = spread(key) & mask;
        while (true) {
            Object v = values[i];
            if (v == null) {
                return -1;
            }
            if (v != REMOVED && keys[i] == key) {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    @SuppressWarnings("unchecked")
    public V get(long key) {
        int i = slot(key);
        return i < 0 ? null : (V) values[i];
    }

    public boolean containsKey(long key) {
        return slot(key) >= 0;
    }

    /** Sets the value of a key; returns the previous value or null. */
    @SuppressWarnings("unchecked")
    public V put(long key, V value) {
        if (value == null) {
            throw new IllegalArgumentException("null values are not stored");
        }
        int i = slot(key);
        if (i >= 0) {
            V old = (V) values[i];
            values[i] = value;
            return old;
        }
        if ((used + 1) * 4 >= keys.length * 3) {
            rehash(size + 1 > keys.length / 2 ? keys.length * 2 : keys.length);
        }
        i = spread(key) & mask;
        while (values[i] != null && values[i] != REMOVED) {
            i = (i + 1) & mask;
        }
        if (values[i] == null) {
            used++;
        }
        keys[i] = key;
        values[i] = value;
        size++;
        return null;
    }

    public V computeIfAbsent(long key, LongFunction<V> create) {
        V value = get(key);
        if (value == null) {
            value = create.apply(key);
            put(key, value);
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    public V remove(long key) {
        int i = slot(key);
        if (i < 0) {
            return null;
        }
        V old = (V) values[i];
        values[i] = REMOVED;
        size--;
        return old;
    }

    public void clear() {
        Arrays.fill(values, null);
        size = 0;
        used = 0;
    }

    /** Calls {@code action} for every entry; the map must not change meanwhile. */
    @SuppressWarnings("unchecked")
    public void forEach(Entry<V> action) {
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            if (v != null && v != REMOVED) {
                action.accept(keys[i], (V) v);
            }
        }
    }

    /** An entry visitor. */
    @FunctionalInterface
    public interface Entry<V> {
        void accept(long key, V value);
    }

    private void rehash(int capacity) {
        long[] oldKeys = keys;
        Object[] oldValues = values;
        keys = new long[capacity];
        values = new Object[capacity];
        mask = capacity - 1;
        size = 0;
        used = 0;
        for (int i = 0; i < oldValues.length; i++) {
            Object v = oldValues[i];
            if (v != null && v != REMOVED) {
                int j = spread(oldKeys[i]) & mask;
                while (values[j] != null) {
                    j = (j + 1) & mask;
                }
                keys[j] = oldKeys[i];
                values[j] = v;
                size++;
                used++;
            }
        }
    }
}
