package dev.tideway.internal.engine.time;

import dev.tideway.internal.engine.Changes;
import dev.tideway.internal.engine.Graph;
import dev.tideway.internal.engine.Node;
import dev.tideway.internal.engine.Stateful;
import dev.tideway.UserFunctionException;
import dev.tideway.schema.BinaryReader;
import dev.tideway.schema.BinaryWriter;
import dev.tideway.schema.RowSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code buffer(time, threshold)}, as Pathway's: holds each row until the watermark, this batch
 * included, reaches {@code time + threshold}, then emits it. A retraction of a held row removes it
 * without output; one of a row released passes. Only held rows are kept.
 */
public final class BufferNode extends EventTimeNode implements Stateful {
    private static final Logger LOG = LoggerFactory.getLogger(BufferNode.class);

    private final EventTime time;
    private final long threshold;
    private final RowSchema<Object> schema;
    private final EventClock clock;
    private final HeldRows held = new HeldRows();

    @SuppressWarnings("unchecked")
    public BufferNode(Graph graph, Node input, EventTime time, long threshold, RowSchema<?> schema) {
        super(graph, "buffer", input);
        this.time = time;
        this.threshold = threshold;
        this.schema = (RowSchema<Object>) schema;
        this.clock = EventClock.of("buffer", time.kind(), input);
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
            if (changes.diff(i) > 0) {
                held.add(key, row, Ticks.plus(t, threshold));   // released at the end of the batch if due by then
            } else if (!held.remove(key, row)) {
                emit(key, row, -1);     // released before: its retraction passes
            }
        }
    }

    @Override
    protected void flush(long batchTime) {
        clock.advance();
        held.takeDue(clock.current(), released -> emit(released.key, released.row, 1));
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
        // the rows it released are not kept (that is what keeps its state small)
        LOG.warn("{}: operators after it are rebuilt from the recorded input; the rows it released before are not kept, so they"
                + " see only the rows it releases from now on", this);
    }

    @Override
    public String definition() {
        return new dev.tideway.internal.engine.identity.OperatorDefinition(kind()).param("time", time.canonicalForm()).param("threshold", threshold).schema("rows", schema).text();
    }
}
