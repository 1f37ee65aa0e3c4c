package dev.tideway.engine.ops;

import dev.tideway.engine.Changes;
import dev.tideway.engine.Graph;
import dev.tideway.engine.KeyHasher;
import dev.tideway.engine.LongObjectMap;
import dev.tideway.engine.Node;
import dev.tideway.engine.Partitioned;
import dev.tideway.engine.Stateful;
import dev.tideway.schema.BinaryReader;
import dev.tideway.schema.BinaryWriter;
import dev.tideway.schema.CodecException;
import dev.tideway.schema.RowSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Computes one output row per input row, keeping the key. Stateless for deterministic functions;
 * with a non-deterministic one it remembers what it produced for each input row, so that a
 * retraction retracts the value produced then, not a new call's.
 *
 * <p>Several live input rows may share a key (rows keyed by content, or a key updated by a delete and
 * an insert in one time), so the values are kept per key as a list of (input row fingerprint,
 * output row): a retraction removes the most recent value produced for an equal input row.
 */
public final class SelectNode extends Node implements Stateful, Partitioned {
    private final Function<Object, Object> function;
    private final RowSchema<Object> outputSchema;
    private final BiConsumer<Object, BinaryWriter> inputEncoder;
    private final BinaryWriter scratch = new BinaryWriter();
    private final LongObjectMap<List<Produced>> produced;

    /** An output row and the fingerprint of the input row it was computed from. */
    private record Produced(long input, Object row) {}

    /** A deterministic select: nothing is remembered. */
    public SelectNode(Graph graph, Node input, Function<Object, Object> function, RowSchema<?> outputSchema) {
        this(graph, input, function, outputSchema, null);
    }

    /**
     * A select that remembers what it produced when {@code inputEncoder} is not null: the encoder
     * writes an input row's content, whose hash identifies the row at its retraction.
     */
    @SuppressWarnings("unchecked")
    public SelectNode(Graph graph, Node input, Function<Object, Object> function, RowSchema<?> outputSchema,
                      BiConsumer<Object, BinaryWriter> inputEncoder) {
        super(graph, inputEncoder == null ? "select" : "select-nondeterministic", input);
        this.function = function;
        this.outputSchema = (RowSchema<Object>) outputSchema;
        this.inputEncoder = inputEncoder;
        this.produced = inputEncoder == null ? null : new LongObjectMap<>();
    }

    @Override
    protected void push(int port, Changes changes) {
        for (int i = 0; i < changes.size(); i++) {
            long key = changes.key(i);
            int diff = changes.diff(i);
            if (produced == null) {
                emit(key, apply(key, changes.row(i)), diff);
            } else if (diff > 0) {
                Object row = apply(key, changes.row(i));
                produced.computeIfAbsent(key, k -> new ArrayList<>(1)).add(new Produced(fingerprint(changes.row(i)), row));
                emit(key, row, diff);
            } else {
                emit(key, takeProduced(key, changes.row(i)), diff);
            }
        }
    }

    /** The user's function (the projection's expressions, a map, the record's constructor) on one row. */
    private Object apply(long key, Object input) {
        try {
            return function.apply(input);
        } catch (RuntimeException e) {
            throw failure(e, key, input);
        }
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
        if (produced == null) {
            out.writeLength(0);
            return;
        }
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
        int size = in.readLength(9);
        if (produced == null) {
            if (size != 0) {
                throw new CodecException(this + ": the snapshot holds produced values, but this select is deterministic");
            }
            return;
        }
        produced.clear();
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

    @Override
    public boolean hasState() {
        return produced != null;
    }

    @Override
    public boolean replayable() {
        return produced == null;
    }

    @Override
    public void reemit() {
        if (produced != null) {
            produced.forEach((key, rows) -> rows.forEach(row -> emit(key, row.row, 1)));
            deliverNow();
        }
    }

    /** The row key: what is remembered for a row is kept under its key. */
    @Override
    public long partitionKey(int port, long key, Object row) {
        return key;
    }

    @Override
    public String definition() {
        return kind() + " into " + outputSchema;
    }
}
