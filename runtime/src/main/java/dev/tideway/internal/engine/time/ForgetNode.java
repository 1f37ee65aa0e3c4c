package dev.tideway.internal.engine.time;

import dev.tideway.internal.engine.Changes;
import dev.tideway.internal.engine.Graph;
import dev.tideway.internal.engine.Node;
import dev.tideway.internal.engine.Stateful;
import dev.tideway.UserFunctionException;
import dev.tideway.schema.BinaryReader;
import dev.tideway.schema.BinaryWriter;
import dev.tideway.schema.RowSchema;

/**
 * {@code forget(time, threshold)}, as Pathway's: holds each row until the watermark reaches
 * {@code time + threshold}, then retracts it at the operator's next batch (Pathway emits the
 * forgetting at the next processing time). A change to a row already that old (arriving late, or
 * retracting a forgotten row) is ignored: a forgotten row never comes back.
 */
public final class ForgetNode extends EventTimeNode implements Stateful {
    private final EventTime time;
    private final long threshold;
    private final RowSchema<Object> schema;
    private final EventClock clock;
    private final HeldRows held = new HeldRows();

    @SuppressWarnings("unchecked")
    public ForgetNode(Graph graph, Node input, EventTime time, long threshold, RowSchema<?> schema) {
        super(graph, "forget", input);
        this.time = time;
        this.threshold = threshold;
        this.schema = (RowSchema<Object>) schema;
        this.clock = EventClock.of("forget", time.kind(), input);
    }

    @Override
    protected void push(int port, Changes changes) {
        for (int i = 0; i < changes.size(); i++) {
            Object row = changes.row(i);
            long key = changes.key(i);
            long t;
            try {
                t = timeOf(time, key, row);
            } catch (UserFunctionException e) {
                withhold(e, changes.diff(i));
                continue;
            }
            clock.see(t);
            long expiry = Ticks.plus(t, threshold);
            if (expiry <= clock.current()) {
                continue;   // late: forgotten already, or as good as
            }
            if (changes.diff(i) > 0) {
                held.add(key, row, expiry);
            } else if (!held.remove(key, row)) {
                throw new IllegalStateException(this + ": retraction of a row that is not held, key " + Long.toHexString(key) + ": " + row);
            }
            emit(key, row, changes.diff(i));
        }
    }

    @Override
    protected void flush(long batchTime) {
        long before = clock.current();
        if (clock.advance()) {
            held.takeDue(before, forgotten -> emit(forgotten.key, forgotten.row, -1));
        }
    }

    @Override
    public void snapshot(BinaryWriter out) {
        clock.snapshot(out);
        held.snapshot(out, schema);
    }

    @Override
    public void restore(BinaryReader in) {
        clock.restore(in);
        held.restore(in, schema);
    }

    @Override
    public void reemit() {
        held.forEach(row -> emit(row.key, row.row, 1));
        deliverNow();
    }

    @Override
    public String definition() {
        return new dev.tideway.internal.engine.identity.OperatorDefinition(kind()).param("time", time.canonicalForm()).param("threshold", threshold).schema("rows", schema).text();
    }
}
