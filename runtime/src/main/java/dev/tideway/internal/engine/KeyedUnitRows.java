package dev.tideway.internal.engine;

import dev.tideway.DuplicateKeyPolicy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * The rows of a source's units when they have a primary key: the table shows one row per key.
 * A row whose key is free enters at once; a row whose key another row holds waits for the end of
 * the poll ({@link #settle}), where the {@link DuplicateKeyPolicy} decides which one the table shows
 * and the later rows read by the poll are rejected (REJECT). Settling at the end of the poll means a
 * key that moves from one file to another within a poll is no conflict. Rows not shown stay held
 * with their unit: when the shown row's unit goes, the next row by the policy is shown.
 *
 * @param <T> the row type
 */
final class KeyedUnitRows<T> {
    /** Told about a row the policy rejects: the later row and the earlier one that holds its key. */
    @FunctionalInterface
    interface Rejection<T> {
        void reject(HeldUnit later, int laterIndex, T row, HeldUnit earlier, int earlierIndex);
    }

    private final ToLongFunction<T> keyOf;
    private final Function<HeldUnit, List<T>> rowsOf;
    private final Supplier<Collection<HeldUnit>> allUnits;
    private final Emitter emitter;
    private final Map<Integer, HeldUnit> unitsById = new HashMap<>();
    /** Which rows hold each key; built from the units' rows when first needed (after a restore). */
    private KeyHolders holders;
    /** Keys waiting for the end of the poll, with the row shown for each meanwhile. */
    private final LongObjectMap<Long> unsettled = new LongObjectMap<>();
    /** Rows of units decoded since the poll started, by unit id. */
    private final Map<Integer, List<T>> decoded = new HashMap<>();

    KeyedUnitRows(ToLongFunction<T> keyOf, Function<HeldUnit, List<T>> rowsOf, Supplier<Collection<HeldUnit>> allUnits,
            Emitter emitter) {
        this.keyOf = keyOf;
        this.rowsOf = rowsOf;
        this.allUnits = allUnits;
        this.emitter = emitter;
    }

    /**
     * Builds the holders from the units' rows if they are not yet (after a restore). Called before the
     * units change, so that what is built is what was held.
     */
    void prepare() {
        ensureHolders();
    }

    /**
     * A unit's rows entered; they are shown at once where their key is free. The first
     * {@code alreadyRead} count as read before (a unit held by its position only that grew): they
     * hold their keys without being emitted. Call {@link #prepare} first.
     */
    void inserted(HeldUnit unit, List<T> rows, DuplicateKeyPolicy policy, int alreadyRead) {
        unitsById.put(unit.id, unit);
        for (int i = 0; i < rows.size(); i++) {
            T row = rows.get(i);
            long key = keyOf.applyAsLong(row);
            long entry = KeyHolders.entry(unit.id, i);
            if (i < alreadyRead) {
                holders.add(key, entry);
                continue;
            }
            if (unsettled.containsKey(key)) {
                holders.add(key, entry);
                decoded.putIfAbsent(unit.id, rows);
                continue;
            }
            long shown = holders.chosen(key, policy);
            holders.add(key, entry);
            if (shown == KeyHolders.NONE) {
                emitter.emit(key, row, 1);
            } else {
                unsettled.put(key, shown);
                decoded.putIfAbsent(unit.id, rows);
            }
        }
    }

    /** A unit's rows ({@code rows}, decoded) left; those shown are retracted at once. Call {@link #prepare} first. */
    void retracted(HeldUnit unit, List<T> rows, DuplicateKeyPolicy policy) {
        for (int i = 0; i < rows.size(); i++) {
            T row = rows.get(i);
            long key = keyOf.applyAsLong(row);
            long entry = KeyHolders.entry(unit.id, i);
            Long shownWhileUnsettled = unsettled.get(key);
            if (shownWhileUnsettled != null) {
                if (shownWhileUnsettled == entry) {
                    emitter.emit(key, row, -1);
                    unsettled.put(key, KeyHolders.NONE);
                }
                holders.remove(key, entry);
            } else {
                long shown = holders.chosen(key, policy);
                holders.remove(key, entry);
                if (shown == entry) {
                    emitter.emit(key, row, -1);
                    if (holders.chosen(key, policy) != KeyHolders.NONE) {
                        unsettled.put(key, KeyHolders.NONE);     // another row takes its place at the end of the poll
                    }
                }
            }
        }
        forget(unit);
    }

    /** A unit without rows (positions only) left: it held no key. */
    void forget(HeldUnit unit) {
        unitsById.remove(unit.id);
        decoded.remove(unit.id);
    }

    /** The rows shown were chosen by {@code before}; from now on they are chosen by {@code after}. */
    void adopt(DuplicateKeyPolicy before, DuplicateKeyPolicy after) {
        if (before == after) {
            return;
        }
        ensureHolders();
        holders.forEach((key, entries) -> {
            if (entries.length > 1 && !unsettled.containsKey(key)) {
                unsettled.put(key, holders.chosen(key, before));
            }
        });
    }

    /**
     * Ends the poll: under REJECT hands every row whose key an earlier row holds and that arrived at or
     * after {@code freshFrom} to {@code rejection} (in the order read; it may throw to stop the run),
     * and shows for every key the row the policy chooses.
     */
    void settle(DuplicateKeyPolicy policy, long freshFrom, Rejection<T> rejection) {
        try {
            if (unsettled.isEmpty()) {
                return;
            }
            if (policy == DuplicateKeyPolicy.REJECT && rejection != null) {
                rejectLaterRows(freshFrom, rejection);
            }
            unsettled.forEach((key, shown) -> {
                long chosen = holders.chosen(key, policy);
                if (chosen == shown) {
                    return;
                }
                T before = shown == KeyHolders.NONE ? null : rowAt(shown);
                T after = chosen == KeyHolders.NONE ? null : rowAt(chosen);
                if (before != null && after != null && RowEquality.equal(before, after)) {
                    return;
                }
                if (before != null) {
                    emitter.emit(key, before, -1);
                }
                if (after != null) {
                    emitter.emit(key, after, 1);
                }
            });
        } finally {
            unsettled.clear();
            decoded.clear();
        }
    }

    private void rejectLaterRows(long freshFrom, Rejection<T> rejection) {
        List<long[]> rejected = new ArrayList<>();     // {later entry, earlier entry}
        unsettled.forEach((key, shown) -> {
            long[] entries = holders.entries(key);
            for (int i = 1; i < entries.length; i++) {
                if (unitOf(entries[i]).arrival >= freshFrom) {
                    rejected.add(new long[] {entries[i], entries[0]});
                }
            }
        });
        rejected.sort(Comparator.<long[]>comparingLong(r -> unitOf(r[0]).arrival).thenComparingInt(r -> KeyHolders.index(r[0])));
        for (long[] conflict : rejected) {
            rejection.reject(unitOf(conflict[0]), KeyHolders.index(conflict[0]), rowAt(conflict[0]),
                    unitOf(conflict[1]), KeyHolders.index(conflict[1]));
        }
    }

    /** Emits the rows of {@code unit} that the table shows, as if read now. */
    void reemit(HeldUnit unit, DuplicateKeyPolicy policy) {
        ensureHolders();
        List<T> rows = rowsOf.apply(unit);
        for (int i = 0; i < rows.size(); i++) {
            long key = keyOf.applyAsLong(rows.get(i));
            if (holders.chosen(key, policy) == KeyHolders.entry(unit.id, i)) {
                emitter.emit(key, rows.get(i), 1);
            }
        }
    }

    /** Emits the row shown for every key, as if read now. */
    void reemit(DuplicateKeyPolicy policy) {
        ensureHolders();
        holders.forEach((key, entries) -> emitter.emit(key, rowAt(holders.chosen(key, policy)), 1));
        decoded.clear();
    }

    /** Forgets which rows hold which key: the units' rows were dropped (positions only), or restored anew. */
    void reset() {
        holders = null;
        unitsById.clear();
        unsettled.clear();
        decoded.clear();
    }

    private HeldUnit unitOf(long entry) {
        return unitsById.get(KeyHolders.unitId(entry));
    }

    private T rowAt(long entry) {
        HeldUnit unit = unitOf(entry);
        return decoded.computeIfAbsent(unit.id, id -> rowsOf.apply(unit)).get(KeyHolders.index(entry));
    }

    /** Builds the holders from the units' rows, in the order the units were read. */
    private void ensureHolders() {
        if (holders != null) {
            return;
        }
        holders = new KeyHolders();
        List<HeldUnit> ordered = new ArrayList<>(allUnits.get());
        ordered.sort(Comparator.comparingLong(u -> u.arrival));
        for (HeldUnit unit : ordered) {
            unitsById.put(unit.id, unit);
            if (!unit.hasRows()) {
                continue;
            }
            List<T> rows = rowsOf.apply(unit);
            for (int i = 0; i < rows.size(); i++) {
                holders.add(keyOf.applyAsLong(rows.get(i)), KeyHolders.entry(unit.id, i));
            }
        }
    }
}
