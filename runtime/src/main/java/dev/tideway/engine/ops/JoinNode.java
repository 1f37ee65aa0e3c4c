package dev.tideway.engine.ops;

import dev.tideway.JoinKind;
import dev.tideway.engine.Changes;
import dev.tideway.engine.Graph;
import dev.tideway.engine.JoinedRow;
import dev.tideway.engine.KeyHasher;
import dev.tideway.engine.LongObjectMap;
import dev.tideway.engine.Node;
import dev.tideway.engine.RowEquality;
import dev.tideway.engine.Stateful;
import dev.tideway.engine.ValueKeys;
import dev.tideway.schema.BinaryReader;
import dev.tideway.schema.BinaryWriter;
import dev.tideway.schema.RowSchema;
import java.util.ArrayList;
import java.util.List;

/**
 * An equi-join keeping an index of each side by join key. When a join key's rows change, the pairs
 * (and, for outer joins, the padded unmatched rows) of that key are recomputed and only the
 * difference is emitted. Output rows are {@link JoinedRow}s keyed by both input keys.
 */
public final class JoinNode extends Node implements Stateful {
    private static final long NO_ROW = 0x5bd1e9955bd1e995L;

    private final ValueKeys leftKeys;
    private final ValueKeys rightKeys;
    private final JoinKind kind;
    private final RowSchema<Object> leftSchema;
    private final RowSchema<Object> rightSchema;
    private final LongObjectMap<Bucket> buckets = new LongObjectMap<>();
    private final List<Bucket> dirty = new ArrayList<>();

    private static final class Bucket {
        final long joinKey;
        final List<Entry> left = new ArrayList<>();
        final List<Entry> right = new ArrayList<>();
        List<DiffEmitter.Out> before;

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
        ValueKeys keys = port == 0 ? leftKeys : rightKeys;
        for (int i = 0; i < changes.size(); i++) {
            Object row = changes.row(i);
            long joinKey = keys.keyOf(row);
            Bucket bucket = buckets.computeIfAbsent(joinKey, Bucket::new);
            if (bucket.before == null) {
                bucket.before = output(bucket);
                dirty.add(bucket);
            }
            List<Entry> side = port == 0 ? bucket.left : bucket.right;
            long key = changes.key(i);
            if (changes.diff(i) > 0) {
                side.add(new Entry(key, row));
            } else {
                removeEntry(side, key, row, port);
            }
        }
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

    private List<DiffEmitter.Out> output(Bucket bucket) {
        List<DiffEmitter.Out> out = new ArrayList<>();
        for (Entry l : bucket.left) {
            for (Entry r : bucket.right) {
                out.add(new DiffEmitter.Out(KeyHasher.combine(l.key, r.key), new JoinedRow(l.row, r.row)));
            }
        }
        if (bucket.right.isEmpty() && (kind == JoinKind.LEFT || kind == JoinKind.OUTER)) {
            for (Entry l : bucket.left) {
                out.add(new DiffEmitter.Out(KeyHasher.combine(l.key, NO_ROW), new JoinedRow(l.row, null)));
            }
        }
        if (bucket.left.isEmpty() && (kind == JoinKind.RIGHT || kind == JoinKind.OUTER)) {
            for (Entry r : bucket.right) {
                out.add(new DiffEmitter.Out(KeyHasher.combine(NO_ROW, r.key), new JoinedRow(null, r.row)));
            }
        }
        return out;
    }

    @Override
    protected void flush(long time) {
        for (Bucket bucket : dirty) {
            DiffEmitter.emitDifference(bucket.before, output(bucket), this::emit);
            bucket.before = null;
            if (bucket.left.isEmpty() && bucket.right.isEmpty()) {
                buckets.remove(bucket.joinKey);
            }
        }
        dirty.clear();
    }

    @Override
    public void snapshot(BinaryWriter out) {
        out.writeLength(buckets.size());
        buckets.forEach((joinKey, bucket) -> {
            out.writeFixedLong(joinKey);
            writeSide(out, bucket.left, leftSchema);
            writeSide(out, bucket.right, rightSchema);
        });
    }

    private static void writeSide(BinaryWriter out, List<Entry> side, RowSchema<Object> schema) {
        out.writeLength(side.size());
        for (Entry entry : side) {
            out.writeFixedLong(entry.key);
            schema.encode(entry.row, out);
        }
    }

    @Override
    public void restore(BinaryReader in) {
        buckets.clear();
        int size = in.readLength(1);
        for (int i = 0; i < size; i++) {
            Bucket bucket = new Bucket(in.readFixedLong());
            readSide(in, bucket.left, leftSchema);
            readSide(in, bucket.right, rightSchema);
            buckets.put(bucket.joinKey, bucket);
        }
    }

    private static void readSide(BinaryReader in, List<Entry> side, RowSchema<Object> schema) {
        int size = in.readLength(1);
        for (int i = 0; i < size; i++) {
            long key = in.readFixedLong();
            side.add(new Entry(key, schema.decode(in)));
        }
    }

    @Override
    public void reemit() {
        buckets.forEach((joinKey, bucket) -> {
            for (DiffEmitter.Out out : output(bucket)) {
                emit(out.key(), out.row(), 1);
            }
        });
        deliverNow();
    }

    @Override
    public String definition() {
        return kind() + " of " + leftSchema + " and " + rightSchema + " on " + leftKeys + " = " + rightKeys;
    }
}
