package dev.tideway.internal.engine;

import dev.tideway.schema.BinaryReader;
import dev.tideway.schema.BinaryWriter;
import dev.tideway.schema.ValueType;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The results of a caching user function by argument, at most {@code maxEntries} of them (the least
 * recently used go first). Arguments and results are encoded with their value types, so the cache
 * can be persisted in any backend and survives restarts: a second run calls the function only for
 * arguments it has not seen. The cache is also tied to the function's identity (its code's
 * fingerprint, or the version the user gave it): results of another function are not reused.
 *
 * <p>Its persisted body (format 1; see {@code docs/state-format.md}) is
 * {@code function:string argumentType:string resultType:string count:length (argument:bytes present:bool result?)*};
 * format 0 lacks the function.
 *
 * @param <A> the argument type
 * @param <V> the result type
 */
public final class UdfCache<A, V> {
    private final String name;
    private final ValueType<A> argumentType;
    private final ValueType<V> resultType;
    private final Function<? super A, ? extends V> function;
    private final Map<ByteBuffer, V> results;
    private final BinaryWriter scratch = new BinaryWriter();
    private long calls;
    private boolean dirty;
    private String identity;

    /** What {@link #load} made of persisted entries. */
    public enum Load {
        /** The entries were loaded. */
        LOADED,
        /** Nothing was loaded: the entries were written for other argument or result types. */
        OTHER_TYPES,
        /** Nothing was loaded: the entries were written by another function (its code or version changed). */
        OTHER_FUNCTION
    }

    /**
     * A cache of {@code function}'s results.
     *
     * @param identity the function's identity (see {@code FunctionIdentity}): entries persisted under
     *     another identity are not loaded
     */
    public UdfCache(String name, ValueType<A> argumentType, ValueType<V> resultType, Function<? super A, ? extends V> function,
                    int maxEntries, String identity) {
        if (!name.matches("[A-Za-z0-9._-]{1,128}") || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("UDF cache name \"" + name + "\" must be 1 to 128 characters of [A-Za-z0-9._-]");
        }
        if (maxEntries < 1) {
            throw new IllegalArgumentException("a UDF cache holds at least one entry, not " + maxEntries);
        }
        this.name = name;
        this.argumentType = argumentType;
        this.resultType = resultType;
        this.function = function;
        this.identity = java.util.Objects.requireNonNull(identity, "identity");
        this.results = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<ByteBuffer, V> eldest) {
                return size() > maxEntries;
            }
        };
    }

    public String name() {
        return name;
    }

    /** The identity of the function whose results the cache holds. */
    public synchronized String identity() {
        return identity;
    }

    /** Ties the cache to another identity of its function (a version the user gave it). */
    public synchronized void identify(String value) {
        this.identity = java.util.Objects.requireNonNull(value, "identity");
    }

    /**
     * The cached result for the argument, calling the function only on a miss. The function runs
     * outside the cache's lock, so workers calling it at once do not wait for each other; two that
     * miss on one argument at once may both call it (the first result is kept).
     */
    public V apply(A argument) {
        ByteBuffer key;
        synchronized (this) {
            scratch.reset();
            write(scratch, argumentType, argument);
            key = ByteBuffer.wrap(scratch.toByteArray());
            if (results.containsKey(key)) {
                return results.get(key);
            }
        }
        V result = function.apply(argument);
        synchronized (this) {
            calls++;
            if (results.containsKey(key)) {
                return results.get(key);
            }
            results.put(key, result);
            dirty = true;
            return result;
        }
    }

    /** How many times the function was called (cache misses) in this run. */
    public synchronized long calls() {
        return calls;
    }

    public synchronized int size() {
        return results.size();
    }

    /** Whether entries were added since the last {@link #encode}. */
    public synchronized boolean dirty() {
        return dirty;
    }

    /** The cache's function, types and entries (in least-recently-used order), encoded as format 1. */
    public synchronized byte[] encode() {
        BinaryWriter out = new BinaryWriter(1024);
        out.writeString(identity);
        out.writeString(argumentType.descriptor());
        out.writeString(resultType.descriptor());
        out.writeLength(results.size());
        for (Map.Entry<ByteBuffer, V> entry : results.entrySet()) {
            out.writeBytes(entry.getKey().array());
            write(out, resultType, entry.getValue());
        }
        dirty = false;
        return out.toByteArray();
    }

    /**
     * Loads entries written by {@link #encode} (format 1), or by a Tideway before caches named their
     * function (format 0: loaded whatever the function, as then). Loads nothing unless every entry
     * reads back.
     *
     * @throws dev.tideway.schema.CodecException if the bytes are not such entries
     */
    public synchronized Load load(byte[] data, int format) {
        BinaryReader in = new BinaryReader(data);
        if (format >= 1 && !in.readString().equals(identity)) {
            return Load.OTHER_FUNCTION;
        }
        if (!in.readString().equals(argumentType.descriptor()) || !in.readString().equals(resultType.descriptor())) {
            return Load.OTHER_TYPES;
        }
        int size = in.readLength(2);
        Map<ByteBuffer, V> read = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            ByteBuffer key = ByteBuffer.wrap(in.readBytes());
            V value = in.readBoolean() ? resultType.read(in) : null;
            read.put(key, value);
        }
        in.requireEnd();
        results.putAll(read);
        return Load.LOADED;
    }

    private static <X> void write(BinaryWriter out, ValueType<X> type, X value) {
        out.writeBoolean(value != null);
        if (value != null) {
            type.write(out, value);
        }
    }
}
