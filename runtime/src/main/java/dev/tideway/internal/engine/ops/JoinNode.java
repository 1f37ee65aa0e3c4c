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
        final JoinSide left = new JoinSide();
        final JoinSide right = new JoinSide();

        Bucket(long joinKey) {
            this.joinKey = joinKey;
        }
    }

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
            JoinSide side = left ? bucket.left : bucket.right;
            JoinSide other = left ? bucket.right : bucket.left;
            long rowKey = changes.key(i);
            int diff = changes.diff(i);
            if (diff < 0) {
                removeRow(side, rowKey, row, port);
            }
            // the pairs this row makes or made, or its padded row when the other side is empty
            for (int m = 0; m < other.size(); m++) {
                if (left) {
                    emitPair(rowKey, row, other.key(m), other.row(m), diff);
                } else {
                    emitPair(other.key(m), other.row(m), rowKey, row, diff);
                }
            }
            if (other.isEmpty() && keepsUnmatched(left)) {
                if (left) {
                    emitPair(rowKey, row, NO_ROW, null, diff);
                } else {
                    emitPair(NO_ROW, null, rowKey, row, diff);
                }
            }
            // the other side's padded rows appear when this side empties, and go when it fills
            boolean sideWasEmpty = diff > 0 && side.isEmpty();
            if (diff > 0) {
                side.add(rowKey, row);
            }
            heldRows += diff;
            if ((sideWasEmpty || (diff < 0 && side.isEmpty())) && keepsUnmatched(!left)) {
                for (int u = 0; u < other.size(); u++) {
                    if (left) {
                        emitPair(NO_ROW, null, other.key(u), other.row(u), -diff);
                    } else {
                        emitPair(other.key(u), other.row(u), NO_ROW, null, -diff);
                    }
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

    /** Emits the pair of a left and a right row ({@link #NO_ROW} and null for a side that is padded). */
    private void emitPair(long leftKey, Object leftRow, long rightKey, Object rightRow, int diff) {
        emit(KeyHasher.combine(leftKey, rightKey), new JoinedRow(leftRow, rightRow), diff);
    }

    private void removeRow(JoinSide side, long key, Object row, int port) {
        for (int e = side.size() - 1; e >= 0; e--) {
            if (side.key(e) == key && RowEquality.equal(side.row(e), row)) {
                side.remove(e);
                return;
            }
        }
        throw new IllegalStateException(this + ": retraction of a " + (port == 0 ? "left" : "right") + " row that is not held: " + row);
    }

    /** Emits, as insertions, everything a bucket's rows make: its pairs and padded unmatched rows. */
    private void emitAll(Bucket bucket) {
        JoinSide left = bucket.left;
        JoinSide right = bucket.right;
        for (int l = 0; l < left.size(); l++) {
            for (int r = 0; r < right.size(); r++) {
                emitPair(left.key(l), left.row(l), right.key(r), right.row(r), 1);
            }
        }
        if (right.isEmpty() && keepsUnmatched(true)) {
            for (int l = 0; l < left.size(); l++) {
                emitPair(left.key(l), left.row(l), NO_ROW, null, 1);
            }
        }
        if (left.isEmpty() && keepsUnmatched(false)) {
            for (int r = 0; r < right.size(); r++) {
                emitPair(NO_ROW, null, right.key(r), right.row(r), 1);
            }
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

    private static void writeSide(BinaryWriter out, JoinSide side, RowSchema<Object> schema) {
        out.writeLength(side.size());
        for (int e = 0; e < side.size(); e++) {
            out.writeFixedLong(side.key(e));
            schema.encode(side.row(e), out);
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

    private static void readSide(BinaryReader in, JoinSide side, RowSchema<Object> schema) {
        int size = in.readLength(1);
        for (int i = 0; i < size; i++) {
            long key = in.readFixedLong();
            side.add(key, schema.decode(in));
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
