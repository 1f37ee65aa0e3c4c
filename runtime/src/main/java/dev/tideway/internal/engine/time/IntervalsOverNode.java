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
import dev.tideway.schema.RowSchema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code windowBy(intervalsOver(probes, at, lower, upper)).reduce(...)}, as Pathway's
 * {@code intervals_over}: one window per distinct probe time {@code p}, over the rows whose time is
 * within {@code [p + lower, p + upper]}, split by instance. Input 0 is the rows, input 1 the probes.
 * A row changes the windows of the probes that cover it; a new probe reads the rows in its range.
 *
 * <p>Behaviours treat the window {@code [p + lower, p + upper]} as other windows: the delay counts
 * from its start, the cutoff from its end; a row leaves the state when no probe that is not late can
 * cover it any more.
 */
public final class IntervalsOverNode extends EventTimeNode implements Stateful {
    private final EventTime time;
    private final EventTime at;
    private final Window<?> window;
    private final WindowProjection projection;
    private final TimeRules rules;
    private final RowSchema<Object> inputSchema;
    private final EventClock clock;
    private final TreeMap<Long, List<Entry>> rows = new TreeMap<>();
    private final TreeMap<Long, Probe> probes = new TreeMap<>();
    private final List<Probe> dirty = new ArrayList<>();
    private final List<Group> retired = new ArrayList<>();
    private final Object[] scratchValues;
    private final Object[] noInstance;

    private record Entry(long key, Object row) {}

    private static final class Probe {
        final long at;
        long count;
        final LongObjectMap<Group> groups = new LongObjectMap<>();
        /** The window without rows, emitted when empty windows are kept. */
        Group empty;
        boolean released;
        boolean dirty;

        Probe(long at) {
            this.at = at;
        }
    }

    private static final class Group {
        final long key;
        final Object[] instanceValues;
        final Accumulator[] accumulators;
        long rows;
        Object emitted;

        Group(long key, Object[] instanceValues, Accumulator[] accumulators) {
            this.key = key;
            this.instanceValues = instanceValues;
            this.accumulators = accumulators;
        }
    }

    @SuppressWarnings("unchecked")
    IntervalsOverNode(Graph graph, Node input, Node probeInput, RowSchema<?> inputSchema, EventTime time, EventTime at, Window<?> window,
                      WindowProjection projection, TimeRules rules) {
        super(graph, "window-intervals", input, probeInput);
        this.time = time;
        this.at = at;
        this.window = window;
        this.projection = projection;
        this.rules = rules;
        this.inputSchema = (RowSchema<Object>) inputSchema;
        this.clock = EventClock.of("windowBy(intervalsOver)", time.kind(), input, probeInput);
        this.scratchValues = new Object[projection.instance().arity()];
        this.noInstance = new Object[projection.instance().arity()];
    }

    @Override
    protected void push(int port, Changes changes) {
        for (int i = 0; i < changes.size(); i++) {
            try {
                if (port == 0) {
                    row(changes.key(i), changes.row(i), changes.diff(i));
                } else {
                    probe(timeOf(at, changes.key(i), changes.row(i)), changes.diff(i));
                }
            } catch (UserFunctionException e) {
                // thrown before the change touched any state (see row)
                withhold(e, changes.diff(i));
            }
        }
    }

    private void row(long key, Object row, int diff) {
        long t = timeOf(time, key, row);
        if (withholdsFailures()) {
            // the instance values and the reducers' expressions, tried before the row changes any state
            values(projection.instance(), key, row, scratchValues);
            update(projection.newAccumulators(), key, row, 1);
        }
        clock.see(t);
        long lower = window.lower();
        long upper = window.upper();
        if (rules.pastCutoff(Ticks.plus(Ticks.plus(t, -lower), upper), clock.current())) {
            return;     // no window that is not late can hold it
        }
        if (diff > 0) {
            rows.computeIfAbsent(t, x -> new ArrayList<>(1)).add(new Entry(key, row));
        } else if (!removeRow(t, key, row)) {
            throw new IllegalStateException(this + ": retraction of a row that is not held, key " + Long.toHexString(key) + ": " + row);
        }
        for (Probe probe : probes.subMap(Ticks.plus(t, -upper), true, Ticks.plus(t, -lower), true).values()) {
            if (!late(probe.at)) {
                add(probe, key, row, diff);
            }
        }
    }

    private boolean removeRow(long t, long key, Object row) {
        List<Entry> atT = rows.get(t);
        for (int e = atT == null ? -1 : atT.size() - 1; e >= 0; e--) {
            if (atT.get(e).key == key && RowEquality.equal(atT.get(e).row, row)) {
                atT.remove(e);
                if (atT.isEmpty()) {
                    rows.remove(t);
                }
                return true;
            }
        }
        return false;
    }

    private boolean late(long probeAt) {
        return rules.pastCutoff(Ticks.plus(probeAt, window.upper()), clock.current());
    }

    private void probe(long p, int diff) {
        clock.see(p);
        if (late(p)) {
            return;
        }
        Probe probe = probes.get(p);
        if (diff > 0) {
            if (probe == null) {
                probe = new Probe(p);
                probe.released = !rules.hasDelay();
                probes.put(p, probe);
                for (List<Entry> atTime : rows.subMap(Ticks.plus(p, window.lower()), true, Ticks.plus(p, window.upper()), true).values()) {
                    for (Entry entry : atTime) {
                        add(probe, entry.key, entry.row, 1);
                    }
                }
                markDirty(probe);
            }
            probe.count++;
        } else {
            if (probe == null) {
                throw new IllegalStateException(this + ": retraction of a probe time that is not held: " + time.kind().format(p));
            }
            if (--probe.count == 0) {
                drop(probe, true);
            }
        }
    }

    private void add(Probe probe, long key, Object row, int diff) {
        Object[] values = values(projection.instance(), key, row, scratchValues);
        long groupKey = projection.keyOf(values, probe.at, 0);
        Group group = probe.groups.get(groupKey);
        if (group == null) {
            group = new Group(groupKey, values.clone(), projection.newAccumulators());
            probe.groups.put(groupKey, group);
        }
        update(group.accumulators, key, row, diff);
        group.rows += diff;
        markDirty(probe);
    }

    /** Removes a probe; with {@code retract}, its windows' results go from the output at this flush. */
    private void drop(Probe probe, boolean retract) {
        probes.remove(probe.at);
        if (retract) {
            probe.groups.forEach((key, group) -> retired.add(group));
            if (probe.empty != null) {
                retired.add(probe.empty);
            }
        }
        probe.groups.clear();
        probe.empty = null;
    }

    private void markDirty(Probe probe) {
        if (!probe.dirty) {
            probe.dirty = true;
            dirty.add(probe);
        }
    }

    @Override
    protected void flush(long batchTime) {
        long before = clock.current();
        boolean tick = clock.advance();
        long now = clock.current();
        if (tick && rules.hasCutoff()) {
            forget(before);
        }
        if (rules.hasDelay()) {
            for (Probe probe : probes.headMap(Ticks.plus(Ticks.plus(now, -rules.delay()), -window.lower()), true).values()) {
                if (!probe.released) {
                    probe.released = true;
                    markDirty(probe);
                }
            }
        }
        for (Group group : retired) {
            if (group.emitted != null) {
                emit(group.key, group.emitted, -1);
            }
        }
        retired.clear();
        for (Probe probe : dirty) {
            probe.dirty = false;
            if (probes.get(probe.at) != probe || !probe.released) {
                continue;
            }
            List<Long> emptied = new ArrayList<>();
            probe.groups.forEach((key, group) -> {
                update(probe, group);
                if (group.rows == 0) {
                    emptied.add(key);
                }
            });
            emptied.forEach(probe.groups::remove);
            if (window.keepEmpty()) {
                if (probe.groups.isEmpty() && probe.empty == null) {
                    probe.empty = new Group(projection.keyOf(noInstance, probe.at, 0), noInstance, projection.newAccumulators());
                    emitRow(probe, probe.empty);
                } else if (!probe.groups.isEmpty() && probe.empty != null) {
                    if (probe.empty.emitted != null) {
                        emit(probe.empty.key, probe.empty.emitted, -1);
                    }
                    probe.empty = null;
                }
            }
        }
        dirty.clear();
    }

    private void update(Probe probe, Group group) {
        if (group.rows < 0) {
            throw new IllegalStateException(this + ": the window at " + time.kind().format(probe.at) + " has " + group.rows + " rows");
        }
        Object row = group.rows > 0 ? build(probe, group) : null;
        if (row != null && group.emitted != null && RowEquality.equal(row, group.emitted)) {
            return;
        }
        if (group.emitted != null) {
            emit(group.key, group.emitted, -1);
        }
        if (row != null) {
            emit(group.key, row, 1);
        }
        group.emitted = row;
    }

    private void emitRow(Probe probe, Group group) {
        group.emitted = build(probe, group);
        if (group.emitted != null) {
            emit(group.key, group.emitted, 1);
        }
    }

    /**
     * A window's output row: the user's record, which its constructor may refuse; null (the window
     * shows no row) when it does and the run withholds failing rows.
     */
    private Object build(Probe probe, Group group) {
        try {
            return projection.build(group.instanceValues, Ticks.plus(probe.at, window.lower()), Ticks.plus(probe.at, window.upper()),
                    probe.at, group.accumulators);
        } catch (RuntimeException e) {
            withhold(e, group.key, "the window at " + time.kind().format(probe.at) + " of " + Arrays.toString(group.instanceValues), 1);
            return null;
        }
    }

    /** Forgets windows past the cutoff (their results kept or retracted) and rows no live window can hold. */
    private void forget(long watermark) {
        Iterator<Map.Entry<Long, Probe>> old = probes.entrySet().iterator();
        List<Probe> forgotten = new ArrayList<>();
        while (old.hasNext()) {
            Probe probe = old.next().getValue();
            if (!rules.pastCutoff(Ticks.plus(probe.at, window.upper()), watermark)) {
                break;
            }
            forgotten.add(probe);
        }
        for (Probe probe : forgotten) {
            drop(probe, !rules.keepResults());
        }
        long span = Ticks.plus(window.upper(), -window.lower());
        Iterator<Map.Entry<Long, List<Entry>>> oldRows = rows.entrySet().iterator();
        while (oldRows.hasNext() && rules.pastCutoff(Ticks.plus(oldRows.next().getKey(), span), watermark)) {
            oldRows.remove();
        }
    }

    @Override
    public void snapshot(BinaryWriter out) {
        clock.snapshot(out);
        int entries = 0;
        for (List<Entry> atTime : rows.values()) {
            entries += atTime.size();
        }
        out.writeLength(entries);
        for (Map.Entry<Long, List<Entry>> atTime : rows.entrySet()) {
            for (Entry entry : atTime.getValue()) {
                out.writeFixedLong(atTime.getKey());
                out.writeFixedLong(entry.key);
                inputSchema.encode(entry.row, out);
            }
        }
        out.writeLength(probes.size());
        for (Probe probe : probes.values()) {
            out.writeFixedLong(probe.at);
            out.writeLong(probe.count);
            out.writeBoolean(probe.released);
            out.writeLength(probe.groups.size());
            probe.groups.forEach((key, group) -> writeGroup(out, group));
            out.writeBoolean(probe.empty != null);
            if (probe.empty != null) {
                writeGroup(out, probe.empty);
            }
        }
    }

    private void writeGroup(BinaryWriter out, Group group) {
        projection.instance().writeValues(out, group.instanceValues);
        out.writeLong(group.rows);
        projection.writeAccumulators(out, group.accumulators);
        projection.writeRow(out, group.emitted);
    }

    private Group readGroup(BinaryReader in, long probeAt) {
        Object[] values = projection.instance().readValues(in);
        long rowCount = in.readLong();
        Group group = new Group(projection.keyOf(values, probeAt, 0), values, projection.readAccumulators(in));
        group.rows = rowCount;
        group.emitted = projection.readRow(in);
        return group;
    }

    @Override
    public void restore(BinaryReader in) {
        clock.restore(in);
        rows.clear();
        probes.clear();
        int entries = in.readLength(16);
        for (int e = 0; e < entries; e++) {
            long t = in.readFixedLong();
            long key = in.readFixedLong();
            rows.computeIfAbsent(t, x -> new ArrayList<>(1)).add(new Entry(key, inputSchema.decode(in)));
        }
        int count = in.readLength(10);
        for (int p = 0; p < count; p++) {
            Probe probe = new Probe(in.readFixedLong());
            probe.count = in.readLong();
            probe.released = in.readBoolean();
            int groups = in.readLength(1);
            for (int g = 0; g < groups; g++) {
                Group group = readGroup(in, probe.at);
                probe.groups.put(group.key, group);
            }
            if (in.readBoolean()) {
                probe.empty = readGroup(in, probe.at);
            }
            probes.put(probe.at, probe);
        }
    }

    @Override
    public void reemit() {
        for (Probe probe : probes.values()) {
            probe.groups.forEach((key, group) -> {
                if (group.emitted != null) {
                    emit(key, group.emitted, 1);
                }
            });
            if (probe.empty != null && probe.empty.emitted != null) {
                emit(probe.empty.key, probe.empty.emitted, 1);
            }
        }
        deliverNow();
    }

    @Override
    public String definition() {
        return new dev.tideway.internal.engine.identity.OperatorDefinition(kind()).param("window", window.canonicalForm()).param("time", time.canonicalForm())
                .param("rules", rules.canonicalForm()).param("projection", projection.canonicalForm()).text();
    }
}
