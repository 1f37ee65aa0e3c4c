package dev.tideway.internal.engine.ops;

import dev.tideway.internal.engine.LongObjectMap;
import dev.tideway.internal.engine.ValueKeys;
import java.util.ArrayList;
import java.util.List;

/**
 * A group-by's map-side combiner (as Spark's map-side combine and Flink's two-phase aggregation): on
 * a worker that sends the group-by's input to the workers owning its groups, it folds the changes of
 * a logical time into one partial aggregate per group ({@link GroupPartial}: the change of the
 * group's row count, and the values its rows added and retracted, per reducer) and sends those
 * instead of the rows; the group-by's copy owning a group merges them in ({@link GroupByNode},
 * {@link Accumulator#merge}). Made by
 * {@link GroupByNode#combiner()} only where every reducer's states merge
 * ({@link dev.tideway.MergeableAggregator}), so the merged group is the group one worker would hold:
 * the same row count (a group whose rows all leave still disappears) and the same aggregates.
 *
 * <p>A change the combiner cannot fold is not taken ({@link #add} returns false) and goes on as a
 * row: one whose grouping values or reducer inputs fail (the owner withholds or reports it, as one
 * worker does), or whose group's hash clashes with another group's (the owner reports the clash).
 *
 * <p>It holds nothing across times: the sender {@linkplain #drain drains} it at the end of every
 * time, and whenever it holds {@link #LIMIT} groups. Not thread-safe: each sending worker has its own,
 * made from its own copy of the group-by.
 */
public final class GroupCombiner {
    /** Groups held before the sender drains them within a time: bounds the memory a time with many groups takes. */
    public static final int LIMIT = 1 << 14;
    /** Fewer groups drained than this are removed one by one rather than by clearing the whole table. */
    private static final int REMOVE_ONE_BY_ONE = 256;

    private final GroupByNode node;
    private final ValueKeys keys;
    private final Object[] scratchValues;
    private final LongObjectMap<GroupPartial> partials = new LongObjectMap<>(1024);
    /** The partials in the order their groups first came: what {@link #drain} sends. */
    private List<GroupPartial> held = new ArrayList<>();

    GroupCombiner(GroupByNode node, ValueKeys keys) {
        this.node = node;
        this.keys = keys;
        this.scratchValues = new Object[keys.arity()];
    }

    /** What receives the partial aggregates drained: each group's key (the group-by's partition key) and its partial. */
    @FunctionalInterface
    public interface Drain {
        void accept(long groupKey, Object partial);
    }

    /**
     * Folds one change into its group's partial aggregate.
     *
     * @return whether it was folded; if not, the caller sends the change as a row
     * @throws RuntimeException what the group-by stops the run with when a reducer's aggregator fails
     */
    public boolean add(long rowKey, Object row, int diff) {
        Object[] values;
        try {
            values = keys.values(row, scratchValues);
        } catch (RuntimeException e) {
            return false;
        }
        long key = keys.keyOfValues(values);
        GroupPartial partial = partials.get(key);
        if (partial == null) {
            partial = new GroupPartial(key, values.clone(), node.newAccumulators());
            partials.put(key, partial);
            held.add(partial);
        } else if (!GroupByNode.sameValues(partial.keyValues, values)) {
            return false;
        }
        Accumulator[] taking = partial.added;
        if (diff < 0) {
            if (partial.retracted == null) {
                partial.retracted = node.newAccumulators();
            }
            taking = partial.retracted;
        }
        RuntimeException failed;
        try {
            failed = Accumulator.updateAll(taking, rowKey, row, Math.abs(diff), node.graph().time());
        } catch (AggregatorFailureException e) {
            throw node.aggregatorFailure(e, rowKey, row);
        }
        if (failed != null) {
            return false;
        }
        partial.rows += diff;
        partial.changes++;
        return true;
    }

    /** The groups held. */
    public int size() {
        return held.size();
    }

    /** Hands every partial aggregate held to {@code to}, in the order their groups first came, and forgets them. */
    public void drain(Drain to) {
        List<GroupPartial> drained = held;
        held = new ArrayList<>(Math.min(drained.size(), LIMIT));
        if (drained.size() < REMOVE_ONE_BY_ONE) {
            for (GroupPartial partial : drained) {
                partials.remove(partial.key);
            }
        } else {
            partials.clear();
        }
        for (GroupPartial partial : drained) {
            to.accept(partial.key, partial);
        }
    }
}
