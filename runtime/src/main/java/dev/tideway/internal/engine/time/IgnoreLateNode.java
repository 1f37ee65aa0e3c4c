package dev.tideway.internal.engine.time;

import dev.tideway.internal.engine.Changes;
import dev.tideway.internal.engine.Graph;
import dev.tideway.internal.engine.Node;
import dev.tideway.internal.engine.Stateful;
import dev.tideway.UserFunctionException;
import dev.tideway.schema.BinaryReader;
import dev.tideway.schema.BinaryWriter;

/**
 * {@code ignoreLate(time, threshold)}, as Pathway's: drops the changes of rows whose
 * {@code time + threshold} the watermark of the batch before had reached. Keeps only its clock.
 */
public final class IgnoreLateNode extends EventTimeNode implements Stateful {
    private final EventTime time;
    private final long threshold;
    private final EventClock clock;

    public IgnoreLateNode(Graph graph, Node input, EventTime time, long threshold) {
        super(graph, "ignore-late", input);
        this.time = time;
        this.threshold = threshold;
        this.clock = EventClock.of("ignoreLate", time.kind(), input);
    }

    @Override
    protected void push(int port, Changes changes) {
        for (int i = 0; i < changes.size(); i++) {
            Object row = changes.row(i);
            long t;
            try {
                t = timeOf(time, changes.key(i), row);
            } catch (UserFunctionException e) {
                withhold(e, changes.diff(i));
                continue;
            }
            clock.see(t);
            if (Ticks.plus(t, threshold) > clock.current()) {
                emit(changes.key(i), row, changes.diff(i));
            }
        }
    }

    @Override
    protected void flush(long batchTime) {
        clock.advance();
    }

    @Override
    public void snapshot(BinaryWriter out) {
        clock.snapshot(out);
    }

    @Override
    public void restore(BinaryReader in) {
        clock.restore(in);
    }

    @Override
    public boolean forwardsInput() {
        return true;
    }

    @Override
    public void reemit() {
        // its output is its input: while operators after it are rebuilt, the input flows through it
    }

    @Override
    public String definition() {
        return new dev.tideway.internal.engine.identity.OperatorDefinition(kind()).param("time", time.canonicalForm()).param("threshold", threshold).text();
    }
}
