package dev.tideway.internal.engine.workers;

/**
 * Which worker owns a key: keys fall into {@value #GROUPS} key groups by their top bits, and each
 * worker owns a contiguous range of groups, as Flink's key groups. The groups are the unit a state
 * would move by when the number of workers changes; keys are 64-bit hashes, so their top bits spread
 * evenly.
 */
final class KeyGroups {
    static final int GROUPS = 1 << 15;

    private KeyGroups() {}

    static int group(long key) {
        return (int) (key >>> (64 - 15));
    }

    /** The worker (0 to {@code workers - 1}) owning {@code key}. */
    static int worker(long key, int workers) {
        return group(key) * workers / GROUPS;
    }
}
