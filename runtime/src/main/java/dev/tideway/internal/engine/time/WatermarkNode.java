package dev.tideway.internal.engine.time;

import dev.tideway.internal.engine.Changes;
import dev.tideway.internal.engine.Graph;
import dev.tideway.internal.engine.Node;
import dev.tideway.internal.engine.Stateful;
import dev.tideway.UserFunctionException;
import dev.tideway.schema.BinaryReader;
import dev.tideway.schema.BinaryWriter;

/**
 * {@code withWatermark(time, allowedLateness)}: passes its rows through and keeps the watermark of
 * its table, the greatest time inserted so far minus the allowed lateness, for the event-time
 * operators after it ({@link EventClock}). Its greatest time is persisted with the snapshots, so a
 * restart continues the watermark where it was.
 */
public final class WatermarkNode extends EventTimeNode implements Stateful {
    private final EventTime time;
    private final long lateness;
    private long maxSeen = EventClock.NONE;

    public WatermarkNode(Graph graph, Node input, EventTime time, long lateness) {
        super(graph, "watermark", input);
        this.time = time;
        this.lateness = lateness;
    }

    TimeKind timeKind() {
        return time.kind();
    }

    EventTime time() {
        return time;
    }

    /** The watermark: the greatest time inserted so far minus the allowed lateness, or {@link EventClock#NONE}. */
    public long watermark() {
        return maxSeen == EventClock.NONE ? EventClock.NONE : Ticks.plus(maxSeen, -lateness);
    }

    @Override
    protected void push(int port, Changes changes) {
        for (int i = 0; i < changes.size(); i++) {
            if (changes.diff(i) > 0) {
                long t;
                try {
                    t = timeOf(time, changes.key(i), changes.row(i));
                } catch (UserFunctionException e) {
                    withhold(e, changes.diff(i));
                    continue;
                }
                maxSeen = Math.max(maxSeen, t);
            }
            emit(changes.key(i), changes.row(i), changes.diff(i));
        }
    }

    @Override
    public void snapshot(BinaryWriter out) {
        out.writeFixedLong(maxSeen);
    }

    @Override
    public void restore(BinaryReader in) {
        maxSeen = in.readFixedLong();
    }

    @Override
    public void reemit() {
        // nothing of its own: its output is its input, which flows through it while others are rebuilt
    }

    @Override
    public boolean forwardsInput() {
        return true;
    }

    @Override
    public String definition() {
        return new dev.tideway.internal.engine.identity.OperatorDefinition(kind()).param("time", time.canonicalForm()).param("lateness", lateness).text();
    }
}
