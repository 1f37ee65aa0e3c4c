package dev.tideway.internal.engine.time;

import dev.tideway.internal.engine.Node;
import dev.tideway.schema.BinaryReader;
import dev.tideway.schema.BinaryWriter;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The watermark of one event-time operator: the least watermark of the {@link WatermarkNode}s
 * before it, or, when there is none, the greatest event time the operator has seen (as each of
 * Pathway's temporal operators "tracks its own time").
 *
 * <p>The operator reads {@link #current()} while it takes a batch's rows: the watermark as of the
 * end of its last batch, so every row of a batch is judged against the same time (Pathway's "the
 * current time of each operator is updated only after it processes all the data that arrived").
 * At the end of the batch, {@link #advance()} takes in what the batch moved.
 *
 * <p>The operator "ticks" in a batch when it received rows or its watermark moved; its deferred work
 * (forgetting) runs only then. Both depend on the input alone, so a batch replayed from the
 * write-ahead log ticks exactly as it did: empty polls never change the state. The clock is part of
 * the operator's snapshot.
 */
public final class EventClock {
    /** No watermark yet: before every time. */
    public static final long NONE = Long.MIN_VALUE;

    private final List<WatermarkNode> upstream;
    private long current = NONE;
    private long maxSeen = NONE;
    private boolean touched;

    private EventClock(List<WatermarkNode> upstream) {
        this.upstream = upstream;
    }

    /**
     * The clock of an operator reading {@code inputs} with times of {@code kind}: it follows the
     * watermarks declared before it, if any; they must be of the same kind of time.
     */
    public static EventClock of(String operator, TimeKind kind, Node... inputs) {
        List<WatermarkNode> found = new ArrayList<>();
        Deque<Node> pending = new ArrayDeque<>(List.of(inputs));
        Set<Node> seen = new HashSet<>();
        while (!pending.isEmpty()) {
            Node next = pending.pop();
            if (!seen.add(next)) {
                continue;
            }
            if (next instanceof WatermarkNode watermark) {
                if (watermark.timeKind() != kind) {
                    throw new IllegalArgumentException(operator + ": its event time is of kind " + kind + " but the watermark declared on "
                            + watermark.time() + " before it is of kind " + watermark.timeKind() + "; declare the watermark on a time"
                            + " column of the same type");
                }
                found.add(watermark);
                continue;
            }
            pending.addAll(next.inputs());
        }
        return new EventClock(List.copyOf(found));
    }

    /** Takes note of a row the operator received, at {@code ticks}. */
    public void see(long ticks) {
        touched = true;
        if (ticks > maxSeen) {
            maxSeen = ticks;
        }
    }

    /** The watermark as of the operator's last batch; {@link #NONE} before any. */
    public long current() {
        return current;
    }

    /** What the watermark is now, this batch included (without moving the clock). */
    public long observed() {
        long observed = maxSeen;
        if (!upstream.isEmpty()) {
            observed = Long.MAX_VALUE;
            for (WatermarkNode watermark : upstream) {
                observed = Math.min(observed, watermark.watermark());
            }
        }
        return Math.max(current, observed);
    }

    /**
     * Ends the operator's batch: the watermark moves to what this batch brought (it never goes back).
     * Returns whether the operator ticks: it received rows or its watermark moved.
     */
    public boolean advance() {
        long observed = observed();
        boolean tick = touched || observed > current;
        touched = false;
        current = observed;
        return tick;
    }

    public void snapshot(BinaryWriter out) {
        out.writeFixedLong(current);
        out.writeFixedLong(maxSeen);
    }

    public void restore(BinaryReader in) {
        current = in.readFixedLong();
        maxSeen = in.readFixedLong();
        touched = false;
    }
}
