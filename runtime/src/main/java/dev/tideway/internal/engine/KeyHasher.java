package dev.tideway.internal.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The 64-bit hash that row keys are made of. Keys must be the same in every run and on every JVM, so
 * this is a fixed function of bytes (a wyhash-style multiply-mix), never {@code Object.hashCode}.
 */
public final class KeyHasher {
    private static final long P0 = 0xa0761d6478bd642fL;
    private static final long P1 = 0xe7037ed1a0b428dbL;
    private static final long P2 = 0x8ebc6af09c88c6e3L;

    private static final VarHandle LITTLE_ENDIAN_LONG =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private KeyHasher() {}

    public static long hash(byte[] bytes, int length) {
        long h = P0 ^ length;
        int i = 0;
        for (; i + 8 <= length; i += 8) {
            h = mix(h ^ readLong(bytes, i), P1);
        }
        long tail = 0;
        for (int shift = 0; i < length; i++, shift += 8) {
            tail |= (bytes[i] & 0xFFL) << shift;
        }
        h = mix(h ^ tail, P2);
        return finish(h);
    }

    /** A key derived from two others, e.g. the pair of rows a join matched. */
    public static long combine(long a, long b) {
        return finish(mix(a ^ P0, P1) ^ mix(b ^ P2, P0));
    }

    /** A key derived from a salt and a number, e.g. a line of a file. */
    public static long combine(long a, long b, long c) {
        return combine(combine(a, b), c);
    }

    private static long mix(long a, long b) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        return hi ^ lo;
    }

    private static long finish(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    /** Eight bytes, little-endian: one load instead of eight on every platform. */
    private static long readLong(byte[] b, int i) {
        return (long) LITTLE_ENDIAN_LONG.get(b, i);
    }
}
