package dev.tideway.internal.engine;

import dev.tideway.DuplicateKeyPolicy;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Inserts the rows of a unit read by a source declared append-only ({@code Table.appendOnly()}).
 * Such a source keeps neither the rows nor their keys once a unit is inserted, so that its memory
 * and snapshots do not grow with what it read.
 *
 * <p>With a primary key, duplicate keys are therefore found among the rows of one unit only, as
 * the {@link DuplicateKeyPolicy} says: a later row of the unit whose key an earlier one holds is
 * rejected (REJECT) or takes its place (UPSERT) before either is inserted. A key repeated in
 * another unit, or in another poll, is not seen: its row is inserted beside the earlier one — the
 * declaration promises it does not happen. Checking one unit at a time (not one poll) keeps the
 * result the same when the write-ahead log is replayed in fewer batches than it was read in.
 *
 * <p>Not thread-safe: used by its source's node only.
 *
 * @param <T> the row type
 */
final class AppendedUnitRows<T> {
    /** Told about row {@code laterIndex} of the unit, whose key row {@code earlierIndex} holds; may throw to stop the run. */
    @FunctionalInterface
    interface Rejection {
        void reject(int laterIndex, int earlierIndex);
    }

    private final boolean keyed;
    private final ToLongFunction<T> primaryKey;
    private final Emitter emitter;

    AppendedUnitRows(boolean keyed, ToLongFunction<T> primaryKey, Emitter emitter) {
        this.keyed = keyed;
        this.primaryKey = primaryKey;
        this.emitter = emitter;
    }

    /**
     * Emits the rows of a unit as insertions: without a primary key each row, keyed by the unit's
     * {@code seed} and its index; with one, one row per key of the unit, chosen by {@code policy}.
     *
     * @param rejection told about each row REJECT refuses, in the order read; null to drop them
     *     silently (a replay)
     */
    void insert(List<T> rows, long seed, DuplicateKeyPolicy policy, Rejection rejection) {
        if (!keyed) {
            for (int i = 0; i < rows.size(); i++) {
                emitter.emit(KeyHasher.combine(seed, i), rows.get(i), 1);
            }
            return;
        }
        long[] keys = new long[rows.size()];
        // key → index of the row shown for it: the first read under REJECT, the last under UPSERT
        LongObjectMap<Integer> shown = new LongObjectMap<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            keys[i] = primaryKey.applyAsLong(rows.get(i));
            Integer earlier = shown.get(keys[i]);
            if (earlier == null || policy == DuplicateKeyPolicy.UPSERT) {
                shown.put(keys[i], i);
            } else if (rejection != null) {
                rejection.reject(i, earlier);
            }
        }
        for (int i = 0; i < rows.size(); i++) {
            if (shown.get(keys[i]) == i) {
                emitter.emit(keys[i], rows.get(i), 1);
            }
        }
    }
}
