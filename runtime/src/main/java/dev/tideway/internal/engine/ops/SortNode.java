package dev.tideway.internal.engine.ops;

import dev.tideway.internal.engine.Replicable;
import dev.tideway.Expr;
import dev.tideway.Neighbors;
import dev.tideway.internal.engine.Changes;
import dev.tideway.internal.engine.Graph;
import dev.tideway.internal.engine.LongObjectMap;
import dev.tideway.internal.engine.Node;
import dev.tideway.internal.engine.KeyedState;
import dev.tideway.internal.engine.ValueKeys;
import dev.tideway.internal.engine.identity.OperatorDefinition;
import dev.tideway.schema.BinaryReader;
import dev.tideway.schema.BinaryWriter;
import dev.tideway.schema.ValueType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongPredicate;

/**
 * {@code sort(key, instance...)}: per instance, the rows in the order of their key values (ties: by
 * row key), and for each row a {@link Neighbors} row with the keys of the rows before and after it,
 * keyed like the row, as Pathway's {@code sort}. A row inserted or removed changes its own neighbors
 * and those of the two rows around it, and only those are emitted again.
 *
 * <p>When the run withholds failing rows, a row whose sort key or instance fails is withheld: it
 * takes no place in the order.
 *
 * <p>State: per instance, the ordered (key value, row key) entries. The neighbors emitted follow from
 * them, so a restore computes them instead of reading them.
 */
public final class SortNode extends Node implements KeyedState, Replicable {
    private final Expr<Object> sortKey;
    private final ValueType<Object> sortType;
    private final ValueKeys instance;
    private final Comparator<Entry> order;
    private final Map<Long, TreeMap<Entry, int[]>> instances = new HashMap<>();
    /** Row key to the entries it has (one, when rows have distinct keys). */
    private final LongObjectMap<List<Placed>> byRow = new LongObjectMap<>();
    private final LongObjectMap<Neighbors> emitted = new LongObjectMap<>();
    private final Set<Long> dirty = new LinkedHashSet<>();

    private record Entry(Object value, long rowKey) {}

    private record Placed(long instance, Entry entry) {}

    @SuppressWarnings("unchecked")
    public SortNode(Graph graph, Node input, Expr<?> sortKey, ValueKeys instance) {
        super(graph, "sort", input);
        this.sortKey = (Expr<Object>) sortKey;
        this.sortType = (ValueType<Object>) sortKey.type();
        this.instance = instance;
        Comparator<? super Object> values = sortType.comparator();
        if (values == null) {
            throw new IllegalArgumentException("sort by " + sortKey + ": values of type " + sortType + " have no order; sort by a column"
                    + " of an ordered type (numbers, strings, times...)");
        }
        this.order = Comparator.comparing(Entry::value, Comparator.nullsFirst(values)).thenComparingLong(Entry::rowKey);
    }

    @Override
    protected void push(int port, Changes changes) {
        for (int i = 0; i < changes.size(); i++) {
            Object row = changes.row(i);
            long rowKey = changes.key(i);
            long at;
            Entry entry;
            try {
                at = instance.keyOf(row);
                entry = new Entry(sortKey.eval(row), rowKey);
            } catch (RuntimeException e) {
                // withheld: its retraction fails again and is dropped (the expressions are deterministic)
                withhold(e, rowKey, row, changes.diff(i));
                continue;
            }
            TreeMap<Entry, int[]> tree = instances.computeIfAbsent(at, k -> new TreeMap<>(order));
            if (changes.diff(i) > 0) {
                int[] count = tree.computeIfAbsent(entry, e -> new int[1]);
                count[0]++;
                byRow.computeIfAbsent(rowKey, k -> new ArrayList<>(1)).add(new Placed(at, entry));
                markAround(tree, entry);
            } else {
                int[] count = tree.get(entry);
                if (count == null) {
                    throw new IllegalStateException(this + ": retraction of a row that is not held, key " + Long.toHexString(rowKey) + ": " + row);
                }
                markAround(tree, entry);
                if (--count[0] == 0) {
                    tree.remove(entry);
                    if (tree.isEmpty()) {
                        instances.remove(at);
                    }
                }
                List<Placed> placed = byRow.get(rowKey);
                placed.remove(new Placed(at, entry));
                if (placed.isEmpty()) {
                    byRow.remove(rowKey);
                }
            }
        }
    }

    private void markAround(TreeMap<Entry, int[]> tree, Entry entry) {
        dirty.add(entry.rowKey);
        Entry lower = tree.lowerKey(entry);
        Entry higher = tree.higherKey(entry);
        if (lower != null) {
            dirty.add(lower.rowKey);
        }
        if (higher != null) {
            dirty.add(higher.rowKey);
        }
    }

    @Override
    protected void flush(long time) {
        for (long rowKey : dirty) {
            Neighbors now = neighborsOf(rowKey);
            Neighbors before = emitted.get(rowKey);
            if (now != null && now.equals(before)) {
                continue;
            }
            if (before != null) {
                emit(rowKey, before, -1);
                emitted.remove(rowKey);
            }
            if (now != null) {
                emit(rowKey, now, 1);
                emitted.put(rowKey, now);
            }
        }
        dirty.clear();
    }

    private Neighbors neighborsOf(long rowKey) {
        List<Placed> placed = byRow.get(rowKey);
        if (placed == null) {
            return null;
        }
        TreeMap<Entry, int[]> tree = instances.get(placed.get(0).instance);
        if (placed.size() > 1 || tree.get(placed.get(0).entry)[0] > 1) {
            throw new KeyClashException("sort: key " + Long.toHexString(rowKey) + " has " + Math.max(placed.size(), 2)
                    + " live rows; give the rows distinct keys (a @PrimaryKey, or withIdFrom(...)) before sort");
        }
        Entry entry = placed.get(0).entry;
        Entry lower = tree.lowerKey(entry);
        Entry higher = tree.higherKey(entry);
        return new Neighbors(rowKey, lower == null ? null : lower.rowKey, higher == null ? null : higher.rowKey);
    }

    /** Writes the instances of every {@linkplain #stateParts part} as one state: their count, then each instance's entries. */
    @Override
    public void snapshot(BinaryWriter out) {
        List<SortNode> parts = stateParts();
        out.writeLength(parts.stream().mapToInt(part -> part.instances.size()).sum());
        for (SortNode part : parts) {
            part.instances.forEach((at, tree) -> {
                out.writeFixedLong(at);
                out.writeLength(tree.size());
                tree.forEach((entry, count) -> {
                    out.writeBoolean(entry.value != null);
                    if (entry.value != null) {
                        sortType.write(out, entry.value);
                    }
                    out.writeFixedLong(entry.rowKey);
                    out.writeLength(count[0]);
                });
            });
        }
    }

    @Override
    public void restore(BinaryReader in, LongPredicate keep) {
        instances.clear();
        byRow.clear();
        emitted.clear();
        int size = in.readLength(9);
        for (int i = 0; i < size; i++) {
            long at = in.readFixedLong();
            TreeMap<Entry, int[]> tree = new TreeMap<>(order);
            int entries = in.readLength(10);
            for (int e = 0; e < entries; e++) {
                Object value = in.readBoolean() ? sortType.read(in) : null;
                Entry entry = new Entry(value, in.readFixedLong());
                int count = in.readLength(0);
                tree.put(entry, new int[] {count});
            }
            if (!keep.test(at)) {
                continue;
            }
            for (Map.Entry<Entry, int[]> placedEntry : tree.entrySet()) {
                for (int c = 0; c < placedEntry.getValue()[0]; c++) {
                    byRow.computeIfAbsent(placedEntry.getKey().rowKey, k -> new ArrayList<>(1)).add(new Placed(at, placedEntry.getKey()));
                }
            }
            instances.put(at, tree);
        }
        byRow.forEach((rowKey, placed) -> {
            Neighbors neighbors = neighborsOf(rowKey);
            if (neighbors != null) {
                emitted.put(rowKey, neighbors);
            }
        });
    }

    @Override
    public void reemit() {
        emitted.forEach((rowKey, neighbors) -> emit(rowKey, neighbors, 1));
        deliverNow();
    }

    /** The instance: a row's neighbours are rows of its instance. */
    @Override
    public long partitionKey(int port, long key, Object row) {
        return instance.keyOf(row);
    }

    @Override
    public String definition() {
        return new OperatorDefinition(kind()).expr("key", sortKey).param("instance", instance.canonicalForm()).text();
    }

    /** Copies only with a deterministic key: see {@link Replicable#replicable}. */
    @Override
    public boolean replicable() {
        return instance.deterministic();
    }

    @Override
    public Node replicate(Graph graph, List<Node> inputs) {
        return new SortNode(graph, inputs.get(0), sortKey, instance.copy());
    }
}
