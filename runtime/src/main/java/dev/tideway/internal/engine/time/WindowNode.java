package dev.tideway.internal.engine.time;

import dev.tideway.UserFunctionException;
import dev.tideway.Window;
import dev.tideway.internal.engine.Changes;
import dev.tideway.internal.engine.Graph;
import dev.tideway.internal.engine.LongObjectMap;
import dev.tideway.internal.engine.Node;
import dev.tideway.internal.engine.RowEquality;
import dev.tideway.internal.engine.Stateful;
import dev.tideway.internal.engine.ops.Accumulator;
import dev.tideway.schema.BinaryReader;
import dev.tideway.schema.BinaryWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code windowBy(tumbling | sliding).reduce(...)}: one group of accumulators per window and
 * instance, as a group-by whose key is the window. Windows are aligned on tick 0 (the epoch):
 * {@code [k*hop, k*hop + length)}.
 *
 * <p>With a behaviour ({@link TimeRules}): a window's result is held until the watermark reaches its
 * start plus the delay; a row falling in a window whose end plus the cutoff the watermark of the last
 * batch had reached is ignored for that window; such a window leaves the state at the operator's next
 * batch, its result kept or retracted.
 */
public final class WindowNode extends EventTimeNode implements Stateful {
    private final EventTime time;
    private final Window<?> window;
    private final WindowProjection projection;
    private final TimeRules rules;
    private final EventClock clock;
    private final LongObjectMap<Group> groups = new LongObjectMap<>();
    private final List<Group> dirty = new ArrayList<>();
    /** Windows by end, for forgetting past the cutoff (kept only with a cutoff). */
    private final TreeMap<Long, List<Group>> byEnd = new TreeMap<>();
    /** Windows not yet released, by release time (kept only with a delay). */
    private final TreeMap<Long, List<Group>> pending = new TreeMap<>();
    private final Object[] scratchValues;

    private static final class Group {
        final long key;
        final Object[] instanceValues;
        final long start;
        final long end;
        final Accumulator[] accumulators;
        long rows;
        Object emitted;
        boolean released;
        boolean dirty;
        boolean gone;

        Group(long key, Object[] instanceValues, long start, long end, Accumulator[] accumulators) {
            this.key = key;
            this.instanceValues = instanceValues;
            this.start = start;
            this.end = end;
            this.accumulators = accumulators;
        }
    }

    WindowNode(Graph graph, Node input, EventTime time, Window<?> window, WindowProjection projection, TimeRules rules) {
        super(graph, "window-" + window.kind().name().toLowerCase(java.util.Locale.ROOT), input);
        this.time = time;
        this.window = window;
        this.projection = projection;
        this.rules = rules;
        this.clock = EventClock.of("windowBy", time.kind(), input);
        this.scratchValues = new Object[projection.instance().arity()];
    }

    @Override
    protected void push(int port, Changes changes) {
        long hop = window.hop();
        long length = window.length();
        for (int i = 0; i < changes.size(); i++) {
            Object row = changes.row(i);
            long key = changes.key(i);
            int diff = changes.diff(i);
            long t;
            Object[] values;
            try {
                t = timeOf(time, key, row);
                values = values(projection.instance(), key, row, scratchValues);
                if (withholdsFailures()) {
                    update(projection.newAccumulators(), key, row, 1);   // the reducers' expressions, tried on empty windows
                }
            } catch (UserFunctionException e) {
                withhold(e, diff);
                continue;
            }
            clock.see(t);
            for (long start = Math.floorDiv(t, hop) * hop; start > t - length; start -= hop) {
                long end = start + length;
                if (rules.pastCutoff(end, clock.current())) {
                    continue;   // late for this window
                }
                Group group = group(values, start, end);
                update(group.accumulators, key, row, diff);
                group.rows += diff;
                markDirty(group);
            }
        }
    }

    private Group group(Object[] values, long start, long end) {
        long key = projection.keyOf(values, start, end);
        Group group = groups.get(key);
        if (group == null) {
            group = new Group(key, values.clone(), start, end, projection.newAccumulators());
            group.released = !rules.hasDelay();
            add(group);
        } else if (group.start != start || group.end != end || !sameValues(group.instanceValues, values)) {
            throw new IllegalStateException("windows " + Arrays.toString(values) + " and " + Arrays.toString(group.instanceValues)
                    + " have the same 64-bit key; please report this collision");
        }
        return group;
    }

    private void add(Group group) {
        groups.put(group.key, group);
        if (rules.hasCutoff()) {
            byEnd.computeIfAbsent(group.end, e -> new ArrayList<>()).add(group);
        }
        if (!group.released) {
            pending.computeIfAbsent(Ticks.plus(group.start, rules.delay()), r -> new ArrayList<>()).add(group);
        }
    }

    private static boolean sameValues(Object[] a, Object[] b) {
        for (int i = 0; i < a.length; i++) {
            if (!RowEquality.equal(a[i], b[i])) {
                return false;
            }
        }
        return true;
    }

    private void markDirty(Group group) {
        if (!group.dirty) {
            group.dirty = true;
            dirty.add(group);
        }
    }

    @Override
    protected void flush(long batchTime) {
        long before = clock.current();
        boolean tick = clock.advance();
        long now = clock.current();
        if (tick && rules.hasCutoff()) {
            forgetEndedBy(Ticks.plus(before, -rules.cutoff()));
        }
        if (rules.hasDelay()) {
            releaseDueBy(now);
        }
        for (Group group : dirty) {
            group.dirty = false;
            if (group.gone || !group.released) {
                if (group.rows == 0 && !group.gone) {
                    remove(group);
                }
                continue;
            }
            Object row = group.rows > 0 ? build(group) : null;
            if (row != null && group.emitted != null && RowEquality.equal(row, group.emitted)) {
                continue;
            }
            if (group.emitted != null) {
                emit(group.key, group.emitted, -1);
            }
            if (row != null) {
                emit(group.key, row, 1);
            } else if (group.rows < 0) {
                throw new IllegalStateException(this + ": window [" + time.kind().format(group.start) + ", " + time.kind().format(group.end)
                        + ") of " + Arrays.toString(group.instanceValues) + " has " + group.rows + " rows: more retracted than inserted");
            }
            group.emitted = row;
            if (group.rows == 0) {
                remove(group);
            }
        }
        dirty.clear();
    }

    /**
     * A window's output row: the user's record, which its constructor may refuse; null (the window
     * shows no row) when it does and the run withholds failing rows.
     */
    private Object build(Group group) {
        try {
            return projection.build(group.instanceValues, group.start, group.end, group.start, group.accumulators);
        } catch (RuntimeException e) {
            withhold(e, group.key, "the window [" + time.kind().format(group.start) + ", " + time.kind().format(group.end) + ") of "
                    + Arrays.toString(group.instanceValues), 1);
            return null;
        }
    }

    /** Forgets the windows whose end is at or before {@code end}: they leave the state, their results kept or retracted. */
    private void forgetEndedBy(long end) {
        Iterator<Map.Entry<Long, List<Group>>> ended = byEnd.headMap(end, true).entrySet().iterator();
        while (ended.hasNext()) {
            for (Group group : ended.next().getValue()) {
                if (group.gone) {
                    continue;
                }
                if (!rules.keepResults() && group.emitted != null) {
                    emit(group.key, group.emitted, -1);
                }
                group.gone = true;
                groups.remove(group.key);
            }
            ended.remove();
        }
    }

    /** Releases the windows whose start plus the delay is at or before the watermark. */
    private void releaseDueBy(long watermark) {
        Iterator<Map.Entry<Long, List<Group>>> due = pending.headMap(watermark, true).entrySet().iterator();
        while (due.hasNext()) {
            for (Group group : due.next().getValue()) {
                if (!group.gone && !group.released) {
                    group.released = true;
                    markDirty(group);
                }
            }
            due.remove();
        }
    }

    private void remove(Group group) {
        group.gone = true;
        groups.remove(group.key);
    }

    @Override
    public void snapshot(BinaryWriter out) {
        clock.snapshot(out);
        out.writeLength(groups.size());
        groups.forEach((key, group) -> {
            projection.instance().writeValues(out, group.instanceValues);
            out.writeFixedLong(group.start);
            out.writeFixedLong(group.end);
            out.writeLong(group.rows);
            out.writeBoolean(group.released);
            projection.writeAccumulators(out, group.accumulators);
            projection.writeRow(out, group.emitted);
        });
    }

    @Override
    public void restore(BinaryReader in) {
        clock.restore(in);
        groups.clear();
        byEnd.clear();
        pending.clear();
        int size = in.readLength(1);
        for (int i = 0; i < size; i++) {
            Object[] values = projection.instance().readValues(in);
            long start = in.readFixedLong();
            long end = in.readFixedLong();
            long rows = in.readLong();
            boolean released = in.readBoolean();
            Group group = new Group(projection.keyOf(values, start, end), values, start, end, projection.readAccumulators(in));
            group.rows = rows;
            group.released = released;
            group.emitted = projection.readRow(in);
            add(group);
        }
    }

    @Override
    public void reemit() {
        groups.forEach((key, group) -> {
            if (group.emitted != null) {
                emit(key, group.emitted, 1);
            }
        });
        deliverNow();
    }

    @Override
    public String definition() {
        return new dev.tideway.internal.engine.identity.OperatorDefinition(kind()).param("window", window.canonicalForm()).param("time", time.canonicalForm())
                .param("rules", rules.canonicalForm()).param("projection", projection.canonicalForm()).text();
    }
}
