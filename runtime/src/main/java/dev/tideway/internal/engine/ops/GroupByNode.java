package dev.tideway.internal.engine.ops;

import dev.tideway.internal.engine.Replicable;
import dev.tideway.Expr;
import dev.tideway.Projection;
import dev.tideway.Reducer;
import dev.tideway.internal.engine.Changes;
import dev.tideway.internal.engine.Graph;
import dev.tideway.internal.engine.LongObjectMap;
import dev.tideway.internal.engine.Node;
import dev.tideway.internal.engine.RowEquality;
import dev.tideway.internal.engine.KeyedState;
import dev.tideway.internal.engine.ValueKeys;
import dev.tideway.internal.engine.identity.OperatorDefinition;
import dev.tideway.schema.BinaryReader;
import dev.tideway.schema.BinaryWriter;
import dev.tideway.schema.RowSchema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongPredicate;

/**
 * {@code groupBy(keys).reduce(projection)}: one accumulator per reducer per group. Changes update the
 * accumulators as they arrive; at the end of the time each group that changed emits the retraction
 * of its previous row and its new row (nothing, if the row did not change).
 *
 * <p>The output row's key is the hash of the group's key values, so it is stable across runs.
 *
 * <p>When the run withholds failing rows, an input row whose grouping values or reducer expressions
 * fail is withheld (no reducer takes it in), and a group whose output row cannot be built (its
 * record's constructor refuses it) shows no row until a change lets it be built. A reducer's
 * aggregator that fails on a row ({@link AggregatorFailureException}) stops the run all the same.
 */
public final class GroupByNode extends Node implements KeyedState, Replicable {
    /** Partial aggregates taken in from combiners; see {@link #partialsTakenIn}. */
    private long partialsTakenIn;
    private final ValueKeys keys;
    private final Expr<?>[] keyExprs;
    private final Projection<?> projection;
    private final RowSchema<Object> outputSchema;
    /** Per output field: the index of a group key (>= 0) or of a reducer (-1 - index). */
    private final int[] sources;
    private final Reducer<?>[] reducers;
    private final LongObjectMap<Group> groups = new LongObjectMap<>(1024);
    private final List<Group> dirty = new ArrayList<>();
    /** The projection's expressions: group keys and reducers, in field order. */
    private final List<Expr<?>> fields;
    /** The key values of the row being added; copied only when the row starts a new group. */
    private final Object[] scratchValues;

    private static final class Group {
        final long key;
        final Object[] keyValues;
        final Accumulator[] accumulators;
        long rows;
        Object emitted;
        boolean dirty;

        Group(long key, Object[] keyValues, Accumulator[] accumulators) {
            this.key = key;
            this.keyValues = keyValues;
            this.accumulators = accumulators;
        }
    }

    @SuppressWarnings("unchecked")
    public GroupByNode(Graph graph, Node input, Expr<?>[] keyExprs, Projection<?> projection) {
        super(graph, "group-by", input);
        this.keys = new ValueKeys(keyExprs);
        this.keyExprs = keyExprs.clone();
        this.projection = projection;
        this.scratchValues = new Object[keyExprs.length];
        this.outputSchema = (RowSchema<Object>) projection.schema();
        List<Expr<?>> fields = projection.fields();
        this.fields = fields;
        this.sources = new int[fields.size()];
        List<Reducer<?>> found = new ArrayList<>();
        for (int f = 0; f < fields.size(); f++) {
            Expr<?> field = fields.get(f);
            if (field instanceof Reducer<?> reducer) {
                sources[f] = -1 - found.size();
                found.add(reducer);
            } else {
                int k = indexOf(keyExprs, field);
                if (k < 0) {
                    throw new IllegalArgumentException("field " + outputSchema.fields().get(f).name() + " of " + outputSchema.name()
                            + " is " + field + ", which is neither a grouping expression of groupBy" + Arrays.toString(keyExprs)
                            + " nor a reducer; group by it too, or aggregate it with a reducer such as Reducers.max(" + field + ")");
                }
                sources[f] = k;
            }
        }
        this.reducers = found.toArray(new Reducer<?>[0]);
    }

    private static int indexOf(Expr<?>[] keyExprs, Expr<?> field) {
        for (int k = 0; k < keyExprs.length; k++) {
            if (keyExprs[k] == field || keyExprs[k].equals(field)) {
                return k;
            }
        }
        return -1;
    }

    @Override
    protected void push(int port, Changes changes) {
        push(port, changes, null);
    }

    /** Takes each change's group key from {@code partitionKeys} (the group key is the partition key) when given, else hashes its values. */
    @Override
    protected void push(int port, Changes changes, long[] partitionKeys) {
        long time = graph().time();
        for (int i = 0; i < changes.size(); i++) {
            Object row = changes.row(i);
            if (row instanceof GroupPartial partial) {
                merge(partial);
                continue;
            }
            int diff = changes.diff(i);
            Object[] values;
            try {
                values = keys.values(row, scratchValues);
            } catch (RuntimeException e) {
                withhold(e, changes.key(i), row, diff);
                continue;
            }
            long key = partitionKeys != null ? partitionKeys[i] : keys.keyOfValues(values);
            Group group = groups.get(key);
            if (group == null) {
                group = new Group(key, values.clone(), newAccumulators());
                groups.put(key, group);
            } else if (!sameValues(group.keyValues, values)) {
                throw collision(group.keyValues, values);
            }
            RuntimeException failed;
            try {
                failed = Accumulator.updateAll(group.accumulators, changes.key(i), row, diff, time);
            } catch (AggregatorFailureException e) {
                throw failure(e, changes.key(i), row);   // not withheld: its retraction would not fail again
            }
            if (failed != null) {
                withhold(failed, changes.key(i), row, diff);
                // withheld: the group is flushed all the same, so that one the row created empty is removed
                markDirty(group);
                continue;
            }
            group.rows += diff;
            markDirty(group);
        }
    }

    /**
     * Takes in a {@link GroupCombiner}'s partial aggregate of a group (sent by another worker, or by
     * this one): a group this copy does not hold yet starts from the values the partial added; a
     * group it holds merges them; then the values the partial retracted leave, and the row count
     * changes by the partial's.
     */
    private void merge(GroupPartial partial) {
        partialsTakenIn++;
        // the metrics count the rows the partial stands for, as one worker takes them in (delivery counted it as one)
        countInput(partial.changes - 1);
        Group group = groups.get(partial.key);
        try {
            if (group == null) {
                // a new group: what the rows added, then what some of them retracted again
                group = new Group(partial.key, partial.keyValues, partial.added);
                groups.put(partial.key, group);
                mergeRetracted(group, partial);
            } else if (!sameValues(group.keyValues, partial.keyValues)) {
                throw collision(group.keyValues, partial.keyValues);
            } else {
                // a group held: the retractions first, as an update takes its old row out before it puts
                // the new one in (a double sum that empties starts again from 0.0, not from what is left
                // of a large value once a small one is added to it)
                mergeRetracted(group, partial);
                for (int r = 0; r < group.accumulators.length; r++) {
                    group.accumulators[r].merge(partial.added[r], false);
                }
            }
        } catch (AggregatorFailureException e) {
            throw failure(e, partial.key, "the group " + Arrays.toString(partial.keyValues));
        }
        group.rows += partial.rows;
        markDirty(group);
    }

    private static void mergeRetracted(Group group, GroupPartial partial) {
        if (partial.retracted != null) {
            for (int r = 0; r < group.accumulators.length; r++) {
                group.accumulators[r].merge(partial.retracted[r], true);
            }
        }
    }

    /**
     * A combiner of this groupBy's input for a worker that sends it rows (see {@link GroupCombiner}),
     * or null if a reducer's states cannot be merged.
     */
    public GroupCombiner combiner() {
        for (Reducer<?> reducer : reducers) {
            if (!ReducerAccumulators.mergeable(reducer)) {
                return null;
            }
        }
        return new GroupCombiner(this, new ValueKeys(keyExprs));
    }

    /** What this node stops the run with when a reducer's aggregator fails on a row (not withheld: its retraction would not fail again). */
    RuntimeException aggregatorFailure(AggregatorFailureException e, long key, Object row) {
        return failure(e, key, row);
    }

    static boolean sameValues(Object[] a, Object[] b) {
        return Arrays.equals(a, b) || deepEqual(a, b);
    }

    static IllegalStateException collision(Object[] held, Object[] values) {
        return new IllegalStateException("group keys " + Arrays.toString(values) + " and " + Arrays.toString(held)
                + " have the same 64-bit hash; please report this collision");
    }

    private void markDirty(Group group) {
        if (!group.dirty) {
            group.dirty = true;
            dirty.add(group);
        }
    }

    private static boolean deepEqual(Object[] a, Object[] b) {
        for (int i = 0; i < a.length; i++) {
            if (!RowEquality.equal(a[i], b[i])) {
                return false;
            }
        }
        return true;
    }

    /** A fresh accumulator per reducer. */
    Accumulator[] newAccumulators() {
        Accumulator[] accumulators = new Accumulator[reducers.length];
        for (int r = 0; r < reducers.length; r++) {
            accumulators[r] = ReducerAccumulators.of(reducers[r]);
        }
        return accumulators;
    }

    @Override
    protected void flush(long time) {
        for (Group group : dirty) {
            group.dirty = false;
            Object row = null;
            try {
                row = group.rows > 0 ? build(group) : null;
            } catch (RuntimeException e) {
                // the group's row is withheld: what it showed before is retracted, and nothing takes its place
                withhold(e, group.key, "the group " + Arrays.toString(group.keyValues), 1);
            }
            if (row != null && group.emitted != null && RowEquality.equal(row, group.emitted)) {
                continue;
            }
            if (group.emitted != null) {
                emit(group.key, group.emitted, -1);
            }
            if (row != null) {
                emit(group.key, row, 1);
            } else if (group.rows < 0) {
                throw new IllegalStateException("group " + Arrays.toString(group.keyValues) + " has " + group.rows
                        + " rows: more retracted than inserted");
            }
            group.emitted = row;
            if (group.rows == 0) {
                groups.remove(group.key);
            }
        }
        dirty.clear();
    }

    private Object build(Group group) {
        Object[] values = new Object[sources.length];
        for (int f = 0; f < sources.length; f++) {
            int source = sources[f];
            values[f] = source >= 0 ? group.keyValues[source] : group.accumulators[-1 - source].result();
        }
        return outputSchema.build(values);
    }

    /** The partial aggregates this copy took in from the workers' combiners (not the rows they stand for). */
    public long partialsTakenIn() {
        return partialsTakenIn;
    }

    /** Writes the groups of every {@linkplain #stateParts part} as one state: their count, then each group. */
    @Override
    public void snapshot(BinaryWriter out) {
        List<GroupByNode> parts = stateParts();
        out.writeLength(parts.stream().mapToInt(part -> part.groups.size()).sum());
        for (GroupByNode part : parts) {
            part.groups.forEach((key, group) -> {
                keys.writeValues(out, group.keyValues);
                out.writeLong(group.rows);
                for (Accumulator accumulator : group.accumulators) {
                    accumulator.snapshot(out);
                }
                out.writeBoolean(group.emitted != null);
                if (group.emitted != null) {
                    outputSchema.encode(group.emitted, out);
                }
            });
        }
    }

    @Override
    public void restore(BinaryReader in, LongPredicate keep) {
        groups.clear();
        int size = in.readLength(1);
        for (int i = 0; i < size; i++) {
            Object[] values = keys.readValues(in);
            long key = keys.keyOfValues(values);
            Group group = new Group(key, values, newAccumulators());
            group.rows = in.readLong();
            for (Accumulator accumulator : group.accumulators) {
                accumulator.restore(in);
            }
            group.emitted = in.readBoolean() ? outputSchema.decode(in) : null;
            if (keep.test(key)) {
                groups.put(key, group);
            }
        }
    }

    /** The groups held. */
    @Override
    public long stateRows() {
        return this.<GroupByNode>stateParts().stream().mapToLong(part -> part.groups.size()).sum();
    }

    @Override
    public void reemit() {
        groups.forEach((key, group) -> {
            if (group.emitted != null) {
                emit(key, group.emitted, 1);
            }
        });
        deliverNow();
    }

    /** The group's key: the hash of the grouping values, which is also the key of the group's output row. */
    @Override
    public long partitionKey(int port, long key, Object row) {
        return keys.keyOf(row);
    }

    @Override
    public String definition() {
        return new OperatorDefinition(kind()).param("keys", keys.canonicalForm()).exprs("fields", fields)
                .schema("into", outputSchema).text();
    }

    /** Copies only with a deterministic key: see {@link Replicable#replicable}. */
    @Override
    public boolean replicable() {
        return keys.deterministic();
    }

    @Override
    public Node replicate(Graph graph, List<Node> inputs) {
        return new GroupByNode(graph, inputs.get(0), keyExprs, projection);
    }
}
