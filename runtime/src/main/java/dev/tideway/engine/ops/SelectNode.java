package dev.tideway.engine.ops;

import dev.tideway.engine.Changes;
import dev.tideway.engine.Graph;
import dev.tideway.engine.LongObjectMap;
import dev.tideway.engine.Node;
import dev.tideway.engine.Stateful;
import dev.tideway.schema.BinaryReader;
import dev.tideway.schema.BinaryWriter;
import dev.tideway.schema.RowSchema;
import java.util.function.Function;

/**
 * Computes one output row per input row, keeping the key. Stateless for deterministic functions;
 * with a non-deterministic one it remembers what it produced per key, so that a retraction retracts
 * the value produced then, not a new call's.
 */
public final class SelectNode extends Node implements Stateful {
    private final Function<Object, Object> function;
    private final RowSchema<Object> outputSchema;
    private final LongObjectMap<Object> produced;

    @SuppressWarnings("unchecked")
    public SelectNode(Graph graph, Node input, Function<Object, Object> function, RowSchema<?> outputSchema, boolean deterministic) {
        super(graph, deterministic ? "select" : "select-nondeterministic", input);
        this.function = function;
        this.outputSchema = (RowSchema<Object>) outputSchema;
        this.produced = deterministic ? null : new LongObjectMap<>();
    }

    @Override
    protected void push(int port, Changes changes) {
        for (int i = 0; i < changes.size(); i++) {
            long key = changes.key(i);
            int diff = changes.diff(i);
            if (produced == null) {
                emit(key, function.apply(changes.row(i)), diff);
            } else if (diff > 0) {
                Object row = function.apply(changes.row(i));
                produced.put(key, row);
                emit(key, row, diff);
            } else {
                Object row = produced.remove(key);
                emit(key, row != null ? row : function.apply(changes.row(i)), diff);
            }
        }
    }

    @Override
    public void snapshot(BinaryWriter out) {
        if (produced == null) {
            out.writeLength(0);
            return;
        }
        out.writeLength(produced.size());
        produced.forEach((key, row) -> {
            out.writeFixedLong(key);
            outputSchema.encode(row, out);
        });
    }

    @Override
    public void restore(BinaryReader in) {
        int size = in.readLength(1);
        for (int i = 0; i < size; i++) {
            long key = in.readFixedLong();
            Object row = outputSchema.decode(in);
            if (produced != null) {
                produced.put(key, row);
            }
        }
    }
}
