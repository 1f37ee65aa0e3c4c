package dev.tideway.engine.ops;

import dev.tideway.engine.AsyncCalls;
import dev.tideway.engine.Changes;
import dev.tideway.engine.Graph;
import dev.tideway.engine.KeyHasher;
import dev.tideway.engine.LongObjectMap;
import dev.tideway.engine.Node;
import dev.tideway.engine.Partitioned;
import dev.tideway.engine.Stateful;
import dev.tideway.schema.BinaryReader;
import dev.tideway.schema.BinaryWriter;
import dev.tideway.schema.RowSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * A select whose projection holds asynchronous user functions. The changes of a logical time are
 * held until its end; then the functions are called for the arguments of the rows inserted (see
 * {@link AsyncCalls}), and the changes are applied in the order they came: an insertion computes its
 * row with the results, a retraction retracts the row computed for that input row before. The rows
 * produced are remembered per key, with a fingerprint of the input row, and snapshotted: a restored
 * node never calls again for what it computed, and its state cannot be rebuilt by a replay.
 */
public final class AsyncSelectNode extends Node implements Stateful, Partitioned {
    private final AsyncCalls calls;
    private final Function<Object, Object> build;
    private final RowSchema<Object> outputSchema;
    private final BiConsumer<Object, BinaryWriter> inputEncoder;
    private final BinaryWriter scratch = new BinaryWriter();
    private final LongObjectMap<List<Produced>> produced = new LongObjectMap<>();
    private final Changes pending = new Changes();

    private record Produced(long input, Object row) {}

    @SuppressWarnings("unchecked")
    public AsyncSelectNode(Graph graph, Node input, AsyncCalls calls, Function<Object, Object> build, RowSchema<?> outputSchema,
                           BiConsumer<Object, BinaryWriter> inputEncoder) {
        super(graph, "select-async", input);
        this.calls = calls;
        this.build = build;
        this.outputSchema = (RowSchema<Object>) outputSchema;
        this.inputEncoder = inputEncoder;
    }

    @Override
    protected void push(int port, Changes changes) {
        pending.addAll(changes);
    }

    @Override
    protected void flush(long time) {
        if (pending.isEmpty()) {
            return;
        }
        List<Object> inserted = new ArrayList<>();
        for (int i = 0; i < pending.size(); i++) {
            if (pending.diff(i) > 0) {
                try {
                    calls.arguments(pending.row(i));
                } catch (RuntimeException e) {
                    throw failure(e, pending.key(i), pending.row(i));
                }
                inserted.add(pending.row(i));
            }
        }
        AsyncCalls.Results results = calls.call(inserted);
        for (int i = 0; i < pending.size(); i++) {
            long key = pending.key(i);
            Object input = pending.row(i);
            int diff = pending.diff(i);
            if (diff > 0) {
                Object row;
                try {
                    row = results.evaluate(input, build);
                } catch (RuntimeException e) {
                    throw failure(e, key, input);
                }
                produced.computeIfAbsent(key, k -> new ArrayList<>(1)).add(new Produced(fingerprint(input), row));
                emit(key, row, diff);
            } else {
                emit(key, takeProduced(key, input), diff);
            }
        }
        pending.clear();
    }

    private Object takeProduced(long key, Object input) {
        List<Produced> rows = produced.get(key);
        long fingerprint = fingerprint(input);
        for (int r = rows == null ? -1 : rows.size() - 1; r >= 0; r--) {
            if (rows.get(r).input == fingerprint) {
                Object row = rows.remove(r).row;
                if (rows.isEmpty()) {
                    produced.remove(key);
                }
                return row;
            }
        }
        throw new IllegalStateException(this + ": retraction of a row for which no value was produced, key "
                + Long.toHexString(key) + ": " + input);
    }

    private long fingerprint(Object input) {
        scratch.reset();
        inputEncoder.accept(input, scratch);
        return KeyHasher.hash(scratch.buffer(), scratch.size());
    }

    @Override
    public void snapshot(BinaryWriter out) {
        out.writeLength(produced.size());
        produced.forEach((key, rows) -> {
            out.writeFixedLong(key);
            out.writeLength(rows.size());
            for (Produced row : rows) {
                out.writeFixedLong(row.input);
                outputSchema.encode(row.row, out);
            }
        });
    }

    @Override
    public void restore(BinaryReader in) {
        produced.clear();
        int size = in.readLength(9);
        for (int i = 0; i < size; i++) {
            long key = in.readFixedLong();
            int count = in.readLength(8);
            List<Produced> rows = new ArrayList<>(count);
            for (int r = 0; r < count; r++) {
                long input = in.readFixedLong();
                rows.add(new Produced(input, outputSchema.decode(in)));
            }
            produced.put(key, rows);
        }
    }

    /** A second call may give another result than the output holds: never rebuilt by a replay. */
    @Override
    public boolean replayable() {
        return false;
    }

    @Override
    public void reemit() {
        produced.forEach((key, rows) -> rows.forEach(row -> emit(key, row.row, 1)));
        deliverNow();
    }

    /** The row key: what is remembered for a row is kept under its key. */
    @Override
    public long partitionKey(int port, long key, Object row) {
        return key;
    }

    @Override
    public String definition() {
        return kind() + " " + calls + " into " + outputSchema;
    }
}
