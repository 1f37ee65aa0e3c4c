package dev.tideway.internal.engine.time;

import dev.tideway.JoinKind;
import dev.tideway.UserFunctionException;
import dev.tideway.Window;
import dev.tideway.internal.engine.Changes;
import dev.tideway.internal.engine.Graph;
import dev.tideway.internal.engine.JoinedRow;
import dev.tideway.internal.engine.KeyHasher;
import dev.tideway.internal.engine.LongObjectMap;
import dev.tideway.internal.engine.Node;
import dev.tideway.internal.engine.RowEquality;
import dev.tideway.internal.engine.Stateful;
import dev.tideway.internal.engine.ValueKeys;
import dev.tideway.schema.BinaryReader;
import dev.tideway.schema.BinaryWriter;
import dev.tideway.schema.RowSchema;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiPredicate;

/**
 * A window join over session windows, as Pathway's {@code window_join} with {@code session}: per
 * join key, the times of both sides together are cut into sessions (as {@link SessionWindowNode}
 * cuts one table's), and the left and right rows of a session are paired; for outer kinds, a row of
 * a session without rows of the other side is padded with null. A change re-pairs the sessions it
 * touches (the one it falls in, and those it merges or splits): its cost is their pairs. Takes no
 * behaviour: a session has no end to measure a cutoff from until it is over.
 */
public final class SessionJoinNode extends EventTimeNode implements Stateful {
    private static final long NO_ROW = 0x5bd1e9955bd1e995L;

    private final EventTime leftTime;
    private final EventTime rightTime;
    private final ValueKeys leftKeys;
    private final ValueKeys rightKeys;
    private final JoinKind kind;
    private final Window<?> window;
    private final RowSchema<Object> leftSchema;
    private final RowSchema<Object> rightSchema;
    private final BiPredicate<Long, Long> sameSession;
    private final LongObjectMap<Bucket> buckets = new LongObjectMap<>();

    private record Entry(boolean left, long key, Object row) {}

    private record Output(long key, JoinedRow row) {}

    private static final class Session {
        final long start;
        final long end;
        final List<Output> emitted = new ArrayList<>();

        Session(long start, long end) {
            this.start = start;
            this.end = end;
        }
    }

    private static final class Bucket {
        final TreeMap<Long, List<Entry>> rows = new TreeMap<>();
        final TreeMap<Long, Session> sessions = new TreeMap<>();
    }

    @SuppressWarnings("unchecked")
    SessionJoinNode(Graph graph, Node left, Node right, EventTime leftTime, EventTime rightTime, ValueKeys leftKeys, ValueKeys rightKeys,
                    JoinKind kind, Window<?> window, RowSchema<?> leftSchema, RowSchema<?> rightSchema) {
        super(graph, "session-join-" + kind.name().toLowerCase(java.util.Locale.ROOT), left, right);
        this.leftTime = leftTime;
        this.rightTime = rightTime;
        this.leftKeys = leftKeys;
        this.rightKeys = rightKeys;
        this.kind = kind;
        this.window = window;
        this.leftSchema = (RowSchema<Object>) leftSchema;
        this.rightSchema = (RowSchema<Object>) rightSchema;
        if (window.sameSession() != null) {
            BiPredicate<Object, Object> predicate = window.sameSession();
            TimeKind timeKind = leftTime.kind();
            this.sameSession = (a, b) -> predicate.test(timeKind.value(a), timeKind.value(b));
        } else {
            long gap = window.maxGap();
            this.sameSession = (a, b) -> b - a < gap;
        }
    }

    private boolean keepsUnmatched(boolean left) {
        return kind == JoinKind.OUTER || kind == (left ? JoinKind.LEFT : JoinKind.RIGHT);
    }

    @Override
    protected void push(int port, Changes changes) {
        boolean left = port == 0;
        for (int i = 0; i < changes.size(); i++) {
            Object row = changes.row(i);
            Entry entry = new Entry(left, changes.key(i), row);
            long t;
            long joinKey;
            try {
                t = timeOf(left ? leftTime : rightTime, changes.key(i), row);
                joinKey = keyOf(left ? leftKeys : rightKeys, changes.key(i), row);
                if (withholdsFailures()) {
                    tryBeforeChange(buckets.get(joinKey), t, changes.diff(i), entry);
                }
            } catch (UserFunctionException e) {
                withhold(e, changes.diff(i));
                continue;
            }
            Bucket bucket = buckets.computeIfAbsent(joinKey, k -> new Bucket());
            // the sessions this change may touch: the one holding t, and those of its neighbouring times
            Set<Session> touched = new LinkedHashSet<>();
            addSessionOf(bucket, t, touched);
            Long lower = bucket.rows.lowerKey(t);
            Long higher = bucket.rows.higherKey(t);
            if (lower != null) {
                addSessionOf(bucket, lower, touched);
            }
            if (higher != null) {
                addSessionOf(bucket, higher, touched);
            }
            if (changes.diff(i) > 0) {
                bucket.rows.computeIfAbsent(t, x -> new ArrayList<>(1)).add(entry);
            } else if (!removeRow(bucket, t, entry)) {
                throw new IllegalStateException(this + ": retraction of a " + (left ? "left" : "right") + " row that is not held, key "
                        + Long.toHexString(entry.key()) + ": " + row);
            }
            long from = t;
            long to = t;
            for (Session session : touched) {
                from = Math.min(from, session.start);
                to = Math.max(to, session.end);
                bucket.sessions.remove(session.start);
                for (Output output : session.emitted) {
                    emit(output.key(), output.row(), -1);
                }
            }
            cut(bucket, from, to, entry);
            if (bucket.rows.isEmpty()) {
                buckets.remove(joinKey);
            }
        }
    }

    /**
     * Runs the session predicate on the pairs of times a row change makes successive (an insertion at
     * a new time between its neighbours, a retraction of the last row at a time between the times
     * around it) before the change touches any state; the other pairs were compared when they became
     * successive, and the predicate is deterministic.
     */
    private void tryBeforeChange(Bucket bucket, long t, int diff, Entry cause) {
        if (bucket == null) {
            return;
        }
        Long lower = bucket.rows.lowerKey(t);
        Long higher = bucket.rows.higherKey(t);
        List<Entry> atT = bucket.rows.get(t);
        if (diff > 0 && atT == null) {
            if (lower != null) {
                same(bucket, lower, t, cause);
            }
            if (higher != null) {
                same(bucket, t, higher, cause);
            }
        } else if (diff < 0 && atT != null && atT.size() == 1 && lower != null && higher != null) {
            same(bucket, lower, higher, cause);
        }
    }

    private static void addSessionOf(Bucket bucket, long t, Set<Session> sessions) {
        Map.Entry<Long, Session> floor = bucket.sessions.floorEntry(t);
        if (floor != null && t <= floor.getValue().end) {
            sessions.add(floor.getValue());
        }
    }

    private static boolean removeRow(Bucket bucket, long t, Entry entry) {
        List<Entry> atT = bucket.rows.get(t);
        for (int e = atT == null ? -1 : atT.size() - 1; e >= 0; e--) {
            Entry held = atT.get(e);
            if (held.left() == entry.left() && held.key() == entry.key() && RowEquality.equal(held.row(), entry.row())) {
                atT.remove(e);
                if (atT.isEmpty()) {
                    bucket.rows.remove(t);
                }
                return true;
            }
        }
        return false;
    }

    /**
     * Cuts the rows within {@code [from, to]} into sessions and pairs them; emits the pairs when a
     * row's change, {@code cause}, made it cut them (not when restoring, {@code cause} null).
     */
    private void cut(Bucket bucket, long from, long to, Entry cause) {
        boolean emitting = cause != null;
        Long first = null;
        Long last = null;
        for (long t : bucket.rows.subMap(from, true, to, true).keySet()) {
            if (first != null && !same(bucket, last, t, cause)) {
                pair(bucket, first, last, emitting);
                first = null;
            }
            if (first == null) {
                first = t;
            }
            last = t;
        }
        if (first != null) {
            pair(bucket, first, last, emitting);
        }
    }

    /**
     * Whether two successive times are in one session; the user's predicate, if the window has one,
     * is reported failing on the row whose change made it compare them, or when restoring, on a
     * row at the later time.
     */
    private boolean same(Bucket bucket, long earlier, long later, Entry cause) {
        try {
            return sameSession.test(earlier, later);
        } catch (RuntimeException e) {
            Entry at = cause != null ? cause : bucket.rows.get(later).get(0);
            throw failure(e, at.key(), at.row());
        }
    }

    private void pair(Bucket bucket, long start, long end, boolean emitting) {
        Session session = new Session(start, end);
        List<Entry> lefts = new ArrayList<>();
        List<Entry> rights = new ArrayList<>();
        for (List<Entry> atTime : bucket.rows.subMap(start, true, end, true).values()) {
            for (Entry entry : atTime) {
                (entry.left() ? lefts : rights).add(entry);
            }
        }
        for (Entry l : lefts) {
            for (Entry r : rights) {
                session.emitted.add(output(l, r, start));
            }
        }
        if (rights.isEmpty() && keepsUnmatched(true)) {
            lefts.forEach(l -> session.emitted.add(output(l, null, start)));
        }
        if (lefts.isEmpty() && keepsUnmatched(false)) {
            rights.forEach(r -> session.emitted.add(output(null, r, start)));
        }
        if (emitting) {
            for (Output output : session.emitted) {
                emit(output.key(), output.row(), 1);
            }
        }
        bucket.sessions.put(start, session);
    }

    private static Output output(Entry l, Entry r, long start) {
        long pair = KeyHasher.combine(l == null ? NO_ROW : l.key(), r == null ? NO_ROW : r.key());
        return new Output(KeyHasher.combine(pair, start), new JoinedRow(l == null ? null : l.row(), r == null ? null : r.row()));
    }

    // ---- persistence: the rows; the sessions and their pairs follow from them ----

    @Override
    public void snapshot(BinaryWriter out) {
        List<Entry> all = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        buckets.forEach((joinKey, bucket) -> bucket.rows.forEach((t, entries) -> entries.forEach(entry -> {
            all.add(entry);
            times.add(t);
        })));
        out.writeLength(all.size());
        for (int i = 0; i < all.size(); i++) {
            Entry entry = all.get(i);
            out.writeBoolean(entry.left());
            out.writeFixedLong(times.get(i));
            out.writeFixedLong(entry.key());
            (entry.left() ? leftSchema : rightSchema).encode(entry.row(), out);
        }
    }

    @Override
    public void restore(BinaryReader in) {
        buckets.clear();
        int count = in.readLength(18);
        for (int i = 0; i < count; i++) {
            boolean left = in.readBoolean();
            long t = in.readFixedLong();
            long key = in.readFixedLong();
            Object row = (left ? leftSchema : rightSchema).decode(in);
            long joinKey = keyOf(left ? leftKeys : rightKeys, key, row);
            buckets.computeIfAbsent(joinKey, k -> new Bucket()).rows.computeIfAbsent(t, x -> new ArrayList<>(1)).add(new Entry(left, key, row));
        }
        buckets.forEach((joinKey, bucket) -> cut(bucket, Long.MIN_VALUE, Long.MAX_VALUE, null));
    }

    @Override
    public void reemit() {
        buckets.forEach((joinKey, bucket) -> bucket.sessions.values().forEach(session -> session.emitted.forEach(
                output -> emit(output.key(), output.row(), 1))));
        deliverNow();
    }

    @Override
    public String definition() {
        return new dev.tideway.internal.engine.identity.OperatorDefinition(kind()).schema("left", leftSchema).param("left-time", leftTime.canonicalForm())
                .schema("right", rightSchema).param("right-time", rightTime.canonicalForm())
                .param("on", leftKeys.canonicalForm() + "=" + rightKeys.canonicalForm()).param("window", window.canonicalForm()).text();
    }
}
