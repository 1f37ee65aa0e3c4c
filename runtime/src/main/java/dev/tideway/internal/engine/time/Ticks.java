package dev.tideway.internal.engine.time;

/** Arithmetic on ticks that saturates instead of wrapping around, so that "no watermark yet" stays the least time. */
final class Ticks {
    private Ticks() {}

    static long plus(long a, long b) {
        long sum = a + b;
        if (((a ^ sum) & (b ^ sum)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return sum;
    }

    static long minus(long a, long b) {
        return b == Long.MIN_VALUE ? plus(plus(a, Long.MAX_VALUE), 1) : plus(a, -b);
    }
}
