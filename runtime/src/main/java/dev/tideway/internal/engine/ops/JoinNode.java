package dev.tideway.internal.engine.ops;

import dev.tideway.internal.engine.Replicable;
import dev.tideway.JoinKind;
import dev.tideway.internal.engine.Changes;
import dev.tideway.internal.engine.Graph;
import dev.tideway.internal.engine.JoinedRow;
import dev.tideway.internal.engine.KeyHasher;
import dev.tideway.internal.engine.LongObjectMap;
import dev.tideway.internal.engine.Node;
import dev.tideway.internal.engine.RowEquality;
import dev.tideway.internal.engine.KeyedState;
import dev.tideway.internal.engine.ValueKeys;
import dev.tideway.schema.BinaryReader;
import dev.tideway.schema.BinaryWriter;
import dev.tideway.schema.RowSchema;
import java.util.List;
import java.util.function.LongPredicate;

/**
 * An equi-join keeping an index of each side by join key. A change of one side emits the pairs it
 * makes (or made) with the other side's rows of its key, and for outer joins the padded unmatched
 * rows that appear or go: its cost is the number of rows it matches, not the size of the key's group.
 * Output rows are {@link JoinedRow}s keyed by both input keys.
 */
public final class JoinNode extends Node implements KeyedState, Replicable {
    private static final long NO_ROW = 0x5bd1e9955bd1e995L;

    private final ValueKeys leftKeys;
    private final ValueKeys rightKeys;
    private final JoinKind kind;
    private final RowSchema<Object> leftSchema;
    private final RowSchema<Object> rightSchema;
    private final LongObjectMap<Bucket> buckets = new LongObjectMap<>();
    /** The rows held on both sides, for metrics. */
    private long heldRows;

    private static final class Bucket {
        final long joinKey;
        final List<Entry> left = new ChunkedList<>();
        final List<Entry> right = new ChunkedList<>();

        Bucket(long joinKey) {
            this.joinKey = joinKey;
        }
    }

    private record Entry(long key, Object row) {}

    @SuppressWarnings("unchecked")
    public JoinNode(Graph graph, Node left, Node right, ValueKeys leftKeys, ValueKeys rightKeys, JoinKind kind,
                    RowSchema<?> leftSchema, RowSchema<?> rightSchema) {
        super(graph, "join-" + kind.name().toLowerCase(java.util.Locale.ROOT), left, right);
        this.leftKeys = leftKeys;
        this.rightKeys = rightKeys;
        this.kind = kind;
        this.leftSchema = (RowSchema<Object>) leftSchema;
        this.rightSchema = (RowSchema<Object>) rightSchema;
    }

    @Override
    protected void push(int port, Changes changes) {
        push(port, changes, null);
    }

    /** Takes each change's join key from {@code partitionKeys} (the join key is the partition key) when given, else hashes the row. */
    @Override
    protected void push(int port, Changes changes, long[] partitionKeys) {
        boolean left = port == 0;
        ValueKeys keys = left ? leftKeys : rightKeys;
        for (int i = 0; i < changes.size(); i++) {
            Object row = changes.row(i);
            long joinKey;
            try {
                joinKey = partitionKeys != null ? partitionKeys[i] : keys.keyOf(row);
            } catch (RuntimeException e) {
                withhold(e, changes.key(i), row, changes.diff(i));
                continue;
            }
            Bucket bucket = buckets.computeIfAbsent(joinKey, Bucket::new);
            List<Entry> side = left ? bucket.left : bucket.right;
            List<Entry> other = left ? bucket.right : bucket.left;
            Entry entry = new Entry(changes.key(i), row);
            int diff = changes.diff(i);
            if (diff < 0) {
                removeEntry(side, entry.key, row, port);
            }
            // the pairs this row makes or made, or its padded row when the other side is empty
            for (Entry match : other) {
                emitPair(left ? entry : match, left ? match : entry, diff);
            }
            if (other.isEmpty() && keepsUnmatched(left)) {
                emitPair(left ? entry : null, left ? null : entry, diff);
            }
            // the other side's padded rows appear when this side empties, and go when it fills
            boolean sideWasEmpty = diff > 0 && side.isEmpty();
            if (diff > 0) {
                side.add(entry);
            }
            heldRows += diff;
            if ((sideWasEmpty || (diff < 0 && side.isEmpty())) && keepsUnmatched(!left)) {
                for (Entry unmatched : other) {
                    emitPair(left ? null : unmatched, left ? unmatched : null, -diff);
                }
            }
            if (bucket.left.isEmpty() && bucket.right.isEmpty()) {
                buckets.remove(joinKey);
            }
        }
    }

    /** Whether unmatched rows of the left (or right) side are kept, padded with null. */
    private boolean keepsUnmatched(boolean left) {
        return kind == JoinKind.OUTER || kind == (left ? JoinKind.LEFT : JoinKind.RIGHT);
    }

    private void emitPair(Entry l, Entry r, int diff) {
        long key = KeyHasher.combine(l == null ? NO_ROW : l.key, r == null ? NO_ROW : r.key);
        emit(key, new JoinedRow(l == null ? null : l.row, r == null ? null : r.row), diff);
    }

    private void removeEntry(List<Entry> side, long key, Object row, int port) {
        for (int e = side.size() - 1; e >= 0; e--) {
            Entry entry = side.get(e);
            if (entry.key == key && RowEquality.equal(entry.row, row)) {
                side.remove(e);
                return;
            }
        }
        throw new IllegalStateException(this + ": retraction of a " + (port == 0 ? "left" : "right") + " row that is not held: " + row);
    }

    /** Emits, as insertions, everything a bucket's rows make: its pairs and padded unmatched rows. */
    private void emitAll(Bucket bucket) {
        for (Entry l : bucket.left) {
            for (Entry r : bucket.right) {
                emitPair(l, r, 1);
            }
        }
        if (bucket.right.isEmpty() && keepsUnmatched(true)) {
            bucket.left.forEach(l -> emitPair(l, null, 1));
        }
        if (bucket.left.isEmpty() && keepsUnmatched(false)) {
            bucket.right.forEach(r -> emitPair(null, r, 1));
        }
    }

    /** Writes the buckets of every {@linkplain #stateParts part} as one state: their count, then each bucket. */
    @Override
    public void snapshot(BinaryWriter out) {
        List<JoinNode> parts = stateParts();
        out.writeLength(parts.stream().mapToInt(part -> part.buckets.size()).sum());
        for (JoinNode part : parts) {
            part.buckets.forEach((joinKey, bucket) -> {
                out.writeFixedLong(joinKey);
                writeSide(out, bucket.left, leftSchema);
                writeSide(out, bucket.right, rightSchema);
            });
        }
    }

    private static void writeSide(BinaryWriter out, List<Entry> side, RowSchema<Object> schema) {
        out.writeLength(side.size());
        for (Entry entry : side) {
            out.writeFixedLong(entry.key);
            schema.encode(entry.row, out);
        }
    }

    @Override
    public void restore(BinaryReader in, LongPredicate keep) {
        buckets.clear();
        heldRows = 0;
        int size = in.readLength(1);
        for (int i = 0; i < size; i++) {
            Bucket bucket = new Bucket(in.readFixedLong());
            readSide(in, bucket.left, leftSchema);
            readSide(in, bucket.right, rightSchema);
            if (keep.test(bucket.joinKey)) {
                heldRows += bucket.left.size() + bucket.right.size();
                buckets.put(bucket.joinKey, bucket);
            }
        }
    }

    private static void readSide(BinaryReader in, List<Entry> side, RowSchema<Object> schema) {
        int size = in.readLength(1);
        for (int i = 0; i < size; i++) {
            long key = in.readFixedLong();
            side.add(new Entry(key, schema.decode(in)));
        }
    }

    /** The rows held on both sides. */
    @Override
    public long stateRows() {
        return this.<JoinNode>stateParts().stream().mapToLong(part -> part.heldRows).sum();
    }

    @Override
    public void reemit() {
        buckets.forEach((joinKey, bucket) -> emitAll(bucket));
        deliverNow();
    }

    /** The join key: a left row (port 0) and a right row (port 1) that match have the same one. */
    @Override
    public long partitionKey(int port, long key, Object row) {
        return (port == 0 ? leftKeys : rightKeys).keyOf(row);
    }

    @Override
    public String definition() {
        return new dev.tideway.internal.engine.identity.OperatorDefinition(kind()).schema("left", leftSchema).schema("right", rightSchema)
                .param("on", leftKeys.canonicalForm() + "=" + rightKeys.canonicalForm()).text();
    }

    /** Copies only with a deterministic key: see {@link Replicable#replicable}. */
    @Override
    public boolean replicable() {
        return leftKeys.deterministic() && rightKeys.deterministic();
    }

    @Override
    public Node replicate(Graph graph, List<Node> inputs) {
        return new JoinNode(graph, inputs.get(0), inputs.get(1), leftKeys.copy(), rightKeys.copy(), kind, leftSchema, rightSchema);
    }
}
