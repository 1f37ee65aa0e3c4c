package dev.tideway.internal.engine.ops;

import dev.tideway.internal.engine.Replicable;
import dev.tideway.internal.engine.Changes;
import dev.tideway.internal.engine.Graph;
import dev.tideway.internal.engine.LongObjectMap;
import dev.tideway.internal.engine.Node;
import dev.tideway.internal.engine.RowEquality;
import dev.tideway.internal.engine.KeyedState;
import dev.tideway.internal.engine.identity.OperatorDefinition;
import dev.tideway.schema.BinaryReader;
import dev.tideway.schema.BinaryWriter;
import dev.tideway.schema.RowSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;

/**
 * The operators that pair two tables' rows by row key: {@code concat}, {@code updateRows},
 * {@code updateCells}, {@code restrict}, {@code intersect} and {@code difference}. Each keeps the live
 * row of every key on both sides; for every key that changed in a time, it emits the difference
 * between the combined row before and after.
 *
 * <p>A table has at most one live row per key: two at the end of a time is a key clash, reported
 * with the key and the rows. When the run withholds failing rows, a key in clash has no output row
 * (the clash goes to the error log) until one of its rows is retracted.
 */
public final class KeyedCombineNode extends Node implements KeyedState, Replicable {
    /** The output row for a key, from the live rows of both sides (either may be null), or null. */
    @FunctionalInterface
    public interface Combiner {
        Object combine(long key, Object left, Object right);
    }

    private final Combiner combiner;
    /** What the combiner depends on beyond its kind (the cells of updateCells), for the definition. */
    private final java.util.function.UnaryOperator<OperatorDefinition> parameters;
    private final RowSchema<Object> leftSchema;
    private final RowSchema<Object> rightSchema;
    private final LongObjectMap<Slot> slots = new LongObjectMap<>();
    private final List<Slot> dirty = new ArrayList<>();

    private static final class Slot {
        final long key;
        final List<Object> left = new ArrayList<>(1);
        final List<Object> right = new ArrayList<>(1);
        Object before;
        boolean dirty;

        Slot(long key) {
            this.key = key;
        }
    }

    @SuppressWarnings("unchecked")
    public KeyedCombineNode(Graph graph, String kind, Node left, Node right, RowSchema<?> leftSchema, RowSchema<?> rightSchema, Combiner combiner,
                            java.util.function.UnaryOperator<OperatorDefinition> parameters) {
        super(graph, kind, left, right);
        this.parameters = parameters;
        this.combiner = combiner;
        this.leftSchema = (RowSchema<Object>) leftSchema;
        this.rightSchema = (RowSchema<Object>) rightSchema;
    }

    @Override
    protected void push(int port, Changes changes) {
        for (int i = 0; i < changes.size(); i++) {
            long key = changes.key(i);
            Slot slot = slots.computeIfAbsent(key, Slot::new);
            if (!slot.dirty) {
                slot.before = current(slot, false);
                slot.dirty = true;
                dirty.add(slot);
            }
            List<Object> side = port == 0 ? slot.left : slot.right;
            Object row = changes.row(i);
            if (changes.diff(i) > 0) {
                side.add(row);
            } else if (!removeEqual(side, row)) {
                throw new IllegalStateException(kind() + ": retraction of a row that is not held, key " + Long.toHexString(key) + ": " + row);
            }
        }
    }

    private static boolean removeEqual(List<Object> side, Object row) {
        for (int i = side.size() - 1; i >= 0; i--) {
            if (RowEquality.equal(side.get(i), row)) {
                side.remove(i);
                return true;
            }
        }
        return false;
    }

    /**
     * The output row of a key from the live rows of both sides, or null. A key with two live rows on
     * one side (a key clash), or whose row the combiner cannot build (updateCells' record constructor
     * refuses it), stops the run, or, when the run withholds failing rows, has no output row; the
     * failure is reported only when {@code report} is true (the row being computed for this batch, not
     * the one it had before, whose failure was reported when it was computed).
     */
    private Object current(Slot slot, boolean report) {
        if (slot.left.size() > 1 || slot.right.size() > 1) {
            List<Object> clash = slot.left.size() > 1 ? slot.left : slot.right;
            KeyClashException error = new KeyClashException(kind() + ": key " + Long.toHexString(slot.key) + " has " + clash.size()
                    + " live rows in its " + (clash == slot.left ? "first" : "second") + " input: " + clash
                    + "; give the rows distinct keys (a @PrimaryKey, or withIdFrom(...)) before " + kind());
            if (!withholdsFailures()) {
                throw error;
            }
            if (report) {
                withhold(failure(toString(), error, slot.key, clash), 1);
            }
            return null;
        }
        Object left = slot.left.isEmpty() ? null : slot.left.get(0);
        Object right = slot.right.isEmpty() ? null : slot.right.get(0);
        if (left == null && right == null) {
            return null;
        }
        try {
            return combiner.combine(slot.key, left, right);
        } catch (KeyClashException e) {
            if (!withholdsFailures()) {
                throw e;
            }
            if (report) {
                withhold(failure(toString(), e, slot.key, java.util.Arrays.asList(left, right)), 1);
            }
            return null;
        } catch (RuntimeException e) {
            // updateCells builds a row of the user's record, whose constructor may refuse it
            if (report) {
                withhold(e, slot.key, left, 1);
            } else if (!withholdsFailures()) {
                throw failure(e, slot.key, left);
            }
            return null;
        }
    }

    @Override
    protected void flush(long time) {
        for (Slot slot : dirty) {
            slot.dirty = false;
            Object after = current(slot, true);
            if (slot.before != null && after != null && RowEquality.equal(slot.before, after)) {
                slot.before = null;
                continue;
            }
            if (slot.before != null) {
                emit(slot.key, slot.before, -1);
            }
            if (after != null) {
                emit(slot.key, after, 1);
            }
            slot.before = null;
            if (slot.left.isEmpty() && slot.right.isEmpty()) {
                slots.remove(slot.key);
            }
        }
        dirty.clear();
    }

    /** Writes the keys of every {@linkplain #stateParts part} as one state: their count, then each key's rows. */
    @Override
    public void snapshot(BinaryWriter out) {
        List<KeyedCombineNode> parts = stateParts();
        out.writeLength(parts.stream().mapToInt(part -> part.slots.size()).sum());
        for (KeyedCombineNode part : parts) {
            part.slots.forEach((key, slot) -> {
                out.writeFixedLong(key);
                writeSide(out, slot.left, leftSchema);
                writeSide(out, slot.right, rightSchema);
            });
        }
    }

    private static void writeSide(BinaryWriter out, List<Object> rows, RowSchema<Object> schema) {
        out.writeLength(rows.size());
        for (Object row : rows) {
            schema.encode(row, out);
        }
    }

    @Override
    public void restore(BinaryReader in, LongPredicate keep) {
        slots.clear();
        int size = in.readLength(1);
        for (int i = 0; i < size; i++) {
            Slot slot = new Slot(in.readFixedLong());
            readSide(in, slot.left, leftSchema);
            readSide(in, slot.right, rightSchema);
            if (keep.test(slot.key)) {
                slots.put(slot.key, slot);
            }
        }
    }

    private static void readSide(BinaryReader in, List<Object> rows, RowSchema<Object> schema) {
        int size = in.readLength(1);
        for (int i = 0; i < size; i++) {
            rows.add(schema.decode(in));
        }
    }

    /** The keys held. */
    @Override
    public long stateRows() {
        return this.<KeyedCombineNode>stateParts().stream().mapToLong(part -> part.slots.size()).sum();
    }

    @Override
    public void reemit() {
        slots.forEach((key, slot) -> {
            Object row = current(slot, false);
            if (row != null) {
                emit(key, row, 1);
            }
        });
        deliverNow();
    }

    /** The row key, by which both sides are paired (and the output row's key). */
    @Override
    public long partitionKey(int port, long key, Object row) {
        return key;
    }

    @Override
    public String definition() {
        return parameters.apply(new OperatorDefinition(kind()).schema("left", leftSchema).schema("right", rightSchema)).text();
    }

    @Override
    public Node replicate(Graph graph, List<Node> inputs) {
        return new KeyedCombineNode(graph, kind(), inputs.get(0), inputs.get(1), leftSchema, rightSchema, combiner, parameters);
    }
}
