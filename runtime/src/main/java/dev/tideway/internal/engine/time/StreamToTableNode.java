package dev.tideway.internal.engine.time;

import dev.tideway.Expr;
import dev.tideway.internal.engine.Changes;
import dev.tideway.internal.engine.Graph;
import dev.tideway.internal.engine.LongObjectMap;
import dev.tideway.internal.engine.Node;
import dev.tideway.internal.engine.RowEquality;
import dev.tideway.internal.engine.Stateful;
import dev.tideway.schema.BinaryReader;
import dev.tideway.schema.BinaryWriter;
import dev.tideway.schema.RowSchema;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code streamToTable(isUpsert)}, as Pathway's {@code stream_to_table}: every inserted row is an
 * event on its key; an upsert makes it the key's current row, a deletion removes the key. At the end
 * of a batch, each key that changed emits the retraction of its row before and its row after.
 * Retractions of input rows are not events and change nothing.
 */
public final class StreamToTableNode extends Node implements Stateful {
    private static final Object ABSENT = new Object();

    private final Expr<Boolean> isUpsert;
    private final RowSchema<Object> schema;
    private final LongObjectMap<Object> current = new LongObjectMap<>();
    /** Per key changed in this batch: its row before the batch, or ABSENT. */
    private final LongObjectMap<Object> before = new LongObjectMap<>();
    private final List<Long> changed = new ArrayList<>();

    @SuppressWarnings("unchecked")
    public StreamToTableNode(Graph graph, Node input, Expr<Boolean> isUpsert, RowSchema<?> schema) {
        super(graph, "stream-to-table", input);
        this.isUpsert = isUpsert;
        this.schema = (RowSchema<Object>) schema;
    }

    @Override
    protected void push(int port, Changes changes) {
        for (int i = 0; i < changes.size(); i++) {
            if (changes.diff(i) < 0) {
                continue;
            }
            long key = changes.key(i);
            Object row = changes.row(i);
            Boolean upsert;
            try {
                upsert = isUpsert.eval(row);
            } catch (RuntimeException e) {
                withhold(e, key, row, 1);
                continue;
            }
            if (!before.containsKey(key)) {
                Object was = current.get(key);
                before.put(key, was == null ? ABSENT : was);
                changed.add(key);
            }
            if (Boolean.TRUE.equals(upsert)) {
                current.put(key, row);
            } else {
                current.remove(key);
            }
        }
    }

    @Override
    protected void flush(long batchTime) {
        for (long key : changed) {
            Object was = before.get(key);
            Object now = current.get(key);
            if (was != ABSENT && now != null && RowEquality.equal(was, now)) {
                continue;
            }
            if (was != ABSENT) {
                emit(key, was, -1);
            }
            if (now != null) {
                emit(key, now, 1);
            }
        }
        changed.clear();
        before.clear();
    }

    @Override
    public void snapshot(BinaryWriter out) {
        out.writeLength(current.size());
        current.forEach((key, row) -> {
            out.writeFixedLong(key);
            schema.encode(row, out);
        });
    }

    @Override
    public void restore(BinaryReader in) {
        current.clear();
        int size = in.readLength(9);
        for (int i = 0; i < size; i++) {
            long key = in.readFixedLong();
            current.put(key, schema.decode(in));
        }
    }

    @Override
    public void reemit() {
        current.forEach((key, row) -> emit(key, row, 1));
        deliverNow();
    }

    @Override
    public String definition() {
        return new dev.tideway.internal.engine.identity.OperatorDefinition(kind()).expr("upsert", isUpsert).schema("rows", schema).text();
    }
}
