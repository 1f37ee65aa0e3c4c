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
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiPredicate;

/**
 * {@code windowBy(session).reduce(...)}: per instance, the rows in time order, cut where two
 * successive distinct times are not in one session (their gap is {@code maxGap} or more, or the
 * predicate says no); rows with equal times are always in one session. A row arriving may extend a
 * session, merge two, or start one; a row retracted may shrink or split one. Only the sessions it
 * touches are recomputed, and a session that only grows or shrinks at an end is updated
 * incrementally; a merged or split session is recomputed from its rows, in arrival order.
 *
 * <p>Behaviours: the delay holds a session's result until the watermark reaches its start plus the
 * delay. With a gap (not a predicate), the cutoff makes a row late when its own time plus the cutoff
 * is at or before the last batch's watermark, and forgets a session once the watermark reached its
 * end plus the gap plus the cutoff (no row that is not late can join it any more); exactly once
 * emits a session when the watermark reaches its end plus the gap plus the shift.
 */
public final class SessionWindowNode extends EventTimeNode implements Stateful {
    private final EventTime time;
    private final Window<?> window;
    private final WindowProjection projection;
    private final TimeRules rules;
    private final RowSchema<Object> inputSchema;
    private final BiPredicate<Object, Object> sameSession;
    private final EventClock clock;
    private final LongObjectMap<Instance> instances = new LongObjectMap<>();
    private final List<Session> dirty = new ArrayList<>();
    private final List<Session> retired = new ArrayList<>();
    private final Set<Session> unreleased = new LinkedHashSet<>();
    private final Object[] scratchValues;
    private long arrivals;

    private static final class Entry {
        final long key;
        final Object row;
        final long seq;

        Entry(long key, Object row, long seq) {
            this.key = key;
            this.row = row;
            this.seq = seq;
        }
    }

    private static final class Instance {
        final long key;
        final Object[] values;
        final TreeMap<Long, List<Entry>> rows = new TreeMap<>();
        final TreeMap<Long, Session> sessions = new TreeMap<>();

        Instance(long key, Object[] values) {
            this.key = key;
            this.values = values;
        }
    }

    private static final class Session {
        final Instance owner;
        long start;
        long end;
        Accumulator[] accumulators;
        long rows;
        Object emitted;
        long emittedKey;
        boolean released;
        boolean dirty;

        Session(Instance owner, long start, long end) {
            this.owner = owner;
            this.start = start;
            this.end = end;
        }
    }

    @SuppressWarnings("unchecked")
    SessionWindowNode(Graph graph, Node input, RowSchema<?> inputSchema, EventTime time, Window<?> window, WindowProjection projection,
                      TimeRules rules) {
        super(graph, "window-session", input);
        this.inputSchema = (RowSchema<Object>) inputSchema;
        this.time = time;
        this.window = window;
        this.projection = projection;
        this.rules = rules;
        this.clock = EventClock.of("windowBy", time.kind(), input);
        this.scratchValues = new Object[projection.instance().arity()];
        if (window.sameSession() != null) {
            BiPredicate<Object, Object> predicate = window.sameSession();
            TimeKind kind = time.kind();
            this.sameSession = (a, b) -> predicate.test(kind.value((Long) a), kind.value((Long) b));
        } else {
            long gap = window.maxGap();
            this.sameSession = (a, b) -> (Long) b - (Long) a < gap;
        }
    }

    /**
     * Whether two successive times are in one session; the user's predicate, if the window has one,
     * is reported failing on the row being added or retracted ({@code cause}), which made it compare them.
     */
    private boolean same(long earlier, long later, Entry cause) {
        try {
            return sameSession.test(earlier, later);
        } catch (RuntimeException e) {
            throw failure(e, cause.key, cause.row);
        }
    }

    // ---- input ----

    @Override
    protected void push(int port, Changes changes) {
        for (int i = 0; i < changes.size(); i++) {
            Object row = changes.row(i);
            long t;
            Object[] values;
            try {
                t = timeOf(time, changes.key(i), row);
                values = values(projection.instance(), changes.key(i), row, scratchValues);
                if (withholdsFailures()) {
                    tryBeforeChange(changes.key(i), row, t, changes.diff(i), instances.get(projection.instance().keyOfValues(values)));
                }
            } catch (UserFunctionException e) {
                withhold(e, changes.diff(i));
                continue;
            }
            clock.see(t);
            if (rules.pastCutoff(t, clock.current())) {
                continue;   // late
            }
            long instanceKey = projection.instance().keyOfValues(values);
            Instance instance = instances.get(instanceKey);
            if (instance == null) {
                if (changes.diff(i) < 0) {
                    throw notHeld(changes.key(i), row);
                }
                instance = new Instance(instanceKey, values.clone());
                instances.put(instanceKey, instance);
            }
            if (changes.diff(i) > 0) {
                insert(instance, new Entry(changes.key(i), row, arrivals++), t);
            } else {
                retract(instance, changes.key(i), row, t);
                if (instance.rows.isEmpty()) {
                    instances.remove(instanceKey);
                }
            }
        }
    }

    /**
     * Runs what the user's code computes of a row change before the change touches any state: the
     * reducers' expressions (on empty accumulators) and the session predicate on the pairs of times
     * the change makes successive (an insertion at a new time between its neighbours, a retraction of
     * the last row at a time between the times around it). The other pairs were compared when they
     * became successive, and the code is deterministic.
     */
    private void tryBeforeChange(long key, Object row, long t, int diff, Instance in) {
        update(projection.newAccumulators(), key, row, 1);
        if (in == null) {
            return;
        }
        Entry entry = new Entry(key, row, -1);
        Long prev = in.rows.lowerKey(t);
        Long next = in.rows.higherKey(t);
        List<Entry> atT = in.rows.get(t);
        if (diff > 0 && atT == null) {
            if (prev != null) {
                same(prev, t, entry);
            }
            if (next != null) {
                same(t, next, entry);
            }
        } else if (diff < 0 && atT != null && atT.size() == 1 && prev != null && next != null) {
            same(prev, next, entry);
        }
    }

    private IllegalStateException notHeld(long key, Object row) {
        return new IllegalStateException(this + ": retraction of a row that is not held, key " + Long.toHexString(key) + ": " + row);
    }

    private void insert(Instance in, Entry entry, long t) {
        List<Entry> atT = in.rows.get(t);
        if (atT != null) {
            // a time already held: the row joins its session, which does not change shape
            atT.add(entry);
            Session session = sessionAt(in, t);
            update(session, entry, 1);
            return;
        }
        in.rows.put(t, new ArrayList<>(List.of(entry)));
        Long prev = in.rows.lowerKey(t);
        Long next = in.rows.higherKey(t);
        boolean linkPrev = prev != null && same(prev, t, entry);
        boolean linkNext = next != null && same(t, next, entry);
        Session left = prev == null ? null : sessionAt(in, prev);
        Session right = next == null ? null : sessionAt(in, next);
        if (left != null && left == right) {
            // t falls inside a session: it stays whole only if t links to both neighbours
            if (linkPrev && linkNext) {
                update(left, entry, 1);
            } else {
                resplit(in, left, entry);
            }
            return;
        }
        if (linkPrev && linkNext) {
            in.sessions.remove(right.start);
            retire(right);
            left.end = right.end;
            if (right.released && !left.released) {
                left.released = true;
                unreleased.remove(left);
            }
            rebuild(left);
        } else if (linkPrev) {
            left.end = t;
            update(left, entry, 1);
        } else if (linkNext) {
            in.sessions.remove(right.start);
            right.start = t;
            in.sessions.put(t, right);
            update(right, entry, 1);
        } else {
            Session session = newSession(in, t, t, false);
            update(session, entry, 1);
        }
    }

    private void retract(Instance in, long key, Object row, long t) {
        List<Entry> atT = in.rows.get(t);
        Entry removed = null;
        for (int e = atT == null ? -1 : atT.size() - 1; e >= 0; e--) {
            Entry candidate = atT.get(e);
            if (candidate.key == key && RowEquality.equal(candidate.row, row)) {
                removed = atT.remove(e);
                break;
            }
        }
        if (removed == null) {
            throw notHeld(key, row);
        }
        Session session = sessionAt(in, t);
        if (!atT.isEmpty()) {
            update(session, removed, -1);
            return;
        }
        in.rows.remove(t);
        if (session.start == t && session.end == t) {
            in.sessions.remove(t);
            retire(session);
        } else if (session.start == t) {
            in.sessions.remove(t);
            session.start = in.rows.higherKey(t);
            in.sessions.put(session.start, session);
            update(session, removed, -1);
        } else if (session.end == t) {
            session.end = in.rows.lowerKey(t);
            update(session, removed, -1);
        } else if (same(in.rows.lowerKey(t), in.rows.higherKey(t), removed)) {
            update(session, removed, -1);
        } else {
            resplit(in, session, removed);
        }
    }

    /** The session holding time {@code t}, which is held. */
    private static Session sessionAt(Instance in, long t) {
        return in.sessions.floorEntry(t).getValue();
    }

    private Session newSession(Instance in, long start, long end, boolean released) {
        Session session = new Session(in, start, end);
        session.accumulators = projection.newAccumulators();
        session.released = released || (!rules.hasDelay() && !rules.exactlyOnce());
        in.sessions.put(start, session);
        if (!session.released) {
            unreleased.add(session);
        }
        markDirty(session);
        return session;
    }

    private void update(Session session, Entry entry, int diff) {
        update(session.accumulators, entry.key, entry.row, diff);
        session.rows += diff;
        markDirty(session);
    }

    /** Recomputes a session's accumulators from its rows, in arrival order. */
    private void rebuild(Session session) {
        List<Entry> entries = new ArrayList<>();
        for (List<Entry> atTime : session.owner.rows.subMap(session.start, true, session.end, true).values()) {
            entries.addAll(atTime);
        }
        entries.sort(Comparator.comparingLong(e -> e.seq));
        session.accumulators = projection.newAccumulators();
        session.rows = 0;
        for (Entry entry : entries) {
            update(session, entry, 1);
        }
        markDirty(session);
    }

    /** Cuts a session's rows into sessions again (after a row, {@code cause}, changed the links inside it). */
    private void resplit(Instance in, Session session, Entry cause) {
        List<long[]> parts = new ArrayList<>();
        Long first = null;
        Long last = null;
        for (long t : in.rows.subMap(session.start, true, session.end, true).keySet()) {
            if (first == null) {
                first = t;
            } else if (!same(last, t, cause)) {
                parts.add(new long[] {first, last});
                first = t;
            }
            last = t;
        }
        if (first != null) {
            parts.add(new long[] {first, last});
        }
        in.sessions.remove(session.start);
        if (parts.isEmpty()) {
            retire(session);
            return;
        }
        // the first part keeps the session (and what it emitted); the others are new sessions
        session.start = parts.get(0)[0];
        session.end = parts.get(0)[1];
        in.sessions.put(session.start, session);
        rebuild(session);
        for (int p = 1; p < parts.size(); p++) {
            rebuild(newSession(in, parts.get(p)[0], parts.get(p)[1], session.released));
        }
    }

    private void retire(Session session) {
        unreleased.remove(session);
        retired.add(session);
    }

    private void markDirty(Session session) {
        if (!session.dirty) {
            session.dirty = true;
            dirty.add(session);
        }
    }

    // ---- output ----

    @Override
    protected void flush(long batchTime) {
        long before = clock.current();
        boolean tick = clock.advance();
        long now = clock.current();
        if (tick && rules.hasCutoff()) {
            forgetClosedBy(before);
        }
        if (!unreleased.isEmpty()) {
            Iterator<Session> waiting = unreleased.iterator();
            while (waiting.hasNext()) {
                Session session = waiting.next();
                if (releaseAt(session) <= now) {
                    session.released = true;
                    waiting.remove();
                    markDirty(session);
                }
            }
        }
        for (Session session : retired) {
            if (session.emitted != null) {
                emit(session.emittedKey, session.emitted, -1);
                session.emitted = null;
            }
        }
        retired.clear();
        for (Session session : dirty) {
            session.dirty = false;
            if (!session.released || session.owner.sessions.get(session.start) != session) {
                continue;
            }
            long key = projection.keyOf(session.owner.values, session.start, session.end);
            Object row = session.rows > 0 ? build(session, key) : null;
            if (row != null && session.emitted != null && session.emittedKey == key && RowEquality.equal(row, session.emitted)) {
                continue;
            }
            if (session.emitted != null) {
                emit(session.emittedKey, session.emitted, -1);
            }
            if (row != null) {
                emit(key, row, 1);
            }
            session.emitted = row;
            session.emittedKey = key;
        }
        dirty.clear();
    }

    /**
     * A session's output row: the user's record, which its constructor may refuse; null (the session
     * shows no row) when it does and the run withholds failing rows.
     */
    private Object build(Session session, long key) {
        try {
            return projection.build(session.owner.values, session.start, session.end, session.start, session.accumulators);
        } catch (RuntimeException e) {
            withhold(e, key, "the session [" + time.kind().format(session.start) + ", " + time.kind().format(session.end) + "] of "
                    + Arrays.toString(session.owner.values), 1);
            return null;
        }
    }

    private long releaseAt(Session session) {
        return rules.exactlyOnce()
                ? Ticks.plus(Ticks.plus(session.end, window.maxGap()), rules.shift())
                : Ticks.plus(session.start, rules.delay());
    }

    /** Forgets the sessions no row that is not late can reach any more: their end plus the gap is past the cutoff. */
    private void forgetClosedBy(long watermark) {
        List<Long> emptied = new ArrayList<>();
        instances.forEach((instanceKey, in) -> {
            Iterator<Session> sessions = in.sessions.values().iterator();
            while (sessions.hasNext()) {
                Session session = sessions.next();
                if (!rules.pastCutoff(Ticks.plus(session.end, window.maxGap()), watermark)) {
                    break;  // sessions are in time order: the later ones end later
                }
                if (!rules.keepResults() && session.emitted != null) {
                    emit(session.emittedKey, session.emitted, -1);
                }
                session.emitted = null;
                unreleased.remove(session);
                in.rows.subMap(session.start, true, session.end, true).clear();
                sessions.remove();
            }
            if (in.rows.isEmpty()) {
                emptied.add(instanceKey);
            }
        });
        emptied.forEach(instances::remove);
    }

    // ---- persistence ----

    @Override
    public void snapshot(BinaryWriter out) {
        clock.snapshot(out);
        out.writeLong(arrivals);
        out.writeLength(instances.size());
        instances.forEach((instanceKey, in) -> {
            projection.instance().writeValues(out, in.values);
            int entries = 0;
            for (List<Entry> atTime : in.rows.values()) {
                entries += atTime.size();
            }
            out.writeLength(entries);
            for (Map.Entry<Long, List<Entry>> atTime : in.rows.entrySet()) {
                for (Entry entry : atTime.getValue()) {
                    out.writeFixedLong(atTime.getKey());
                    out.writeFixedLong(entry.key);
                    out.writeLong(entry.seq);
                    inputSchema.encode(entry.row, out);
                }
            }
            out.writeLength(in.sessions.size());
            for (Session session : in.sessions.values()) {
                out.writeFixedLong(session.start);
                out.writeFixedLong(session.end);
                out.writeLong(session.rows);
                out.writeBoolean(session.released);
                projection.writeAccumulators(out, session.accumulators);
                projection.writeRow(out, session.emitted);
                out.writeFixedLong(session.emittedKey);
            }
        });
    }

    @Override
    public void restore(BinaryReader in) {
        clock.restore(in);
        arrivals = in.readLong();
        instances.clear();
        unreleased.clear();
        int count = in.readLength(1);
        for (int i = 0; i < count; i++) {
            Object[] values = projection.instance().readValues(in);
            Instance instance = new Instance(projection.instance().keyOfValues(values), values);
            int entries = in.readLength(17);
            for (int e = 0; e < entries; e++) {
                long t = in.readFixedLong();
                long key = in.readFixedLong();
                long seq = in.readLong();
                instance.rows.computeIfAbsent(t, x -> new ArrayList<>()).add(new Entry(key, inputSchema.decode(in), seq));
            }
            int sessions = in.readLength(17);
            for (int s = 0; s < sessions; s++) {
                Session session = new Session(instance, in.readFixedLong(), in.readFixedLong());
                session.rows = in.readLong();
                session.released = in.readBoolean();
                session.accumulators = projection.readAccumulators(in);
                session.emitted = projection.readRow(in);
                session.emittedKey = in.readFixedLong();
                instance.sessions.put(session.start, session);
                if (!session.released) {
                    unreleased.add(session);
                }
            }
            instances.put(instance.key, instance);
        }
    }

    @Override
    public void reemit() {
        instances.forEach((instanceKey, in) -> {
            for (Session session : in.sessions.values()) {
                if (session.emitted != null) {
                    emit(session.emittedKey, session.emitted, 1);
                }
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
