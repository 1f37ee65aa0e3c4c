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
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A window join, as Pathway's {@code window_join} over tumbling and sliding windows: each row is
 * placed in its windows; per window and join key, every left row is paired with every right row,
 * and for outer kinds a row is padded with null while the other side of its window is empty. A pair
 * sharing two windows is two output rows (keyed by the window too).
 *
 * <p>Behaviours: the delay holds a window's pairs until the watermark reaches its start plus the
 * delay; with a cutoff, a row falling in a window whose end plus the cutoff the last batch's
 * watermark reached is ignored there, and such a window leaves the state at the next batch, its pairs
 * kept in the output or, without {@code keepResults}, retracted.
 */
public final class WindowJoinNode extends EventTimeNode implements Stateful {
    private static final long NO_ROW = 0x5bd1e9955bd1e995L;

    private final EventTime leftTime;
    private final EventTime rightTime;
    private final ValueKeys leftKeys;
    private final ValueKeys rightKeys;
    private final JoinKind kind;
    private final Window<?> window;
    private final TimeRules rules;
    private final RowSchema<Object> leftSchema;
    private final RowSchema<Object> rightSchema;
    private final EventClock clock;
    private final LongObjectMap<Bucket> buckets = new LongObjectMap<>();
    private final TreeMap<Long, List<Bucket>> byEnd = new TreeMap<>();
    private final TreeMap<Long, List<Bucket>> pending = new TreeMap<>();
    private final BinaryWriter scratch = new BinaryWriter();

    private record Entry(long key, Object row) {}

    private static final class Bucket {
        final long id;
        final long joinKey;
        final long start;
        final long end;
        final List<Entry> left = new ArrayList<>();
        final List<Entry> right = new ArrayList<>();
        boolean released;
        boolean gone;

        Bucket(long id, long joinKey, long start, long end) {
            this.id = id;
            this.joinKey = joinKey;
            this.start = start;
            this.end = end;
        }
    }

    @SuppressWarnings("unchecked")
    WindowJoinNode(Graph graph, Node left, Node right, EventTime leftTime, EventTime rightTime, ValueKeys leftKeys, ValueKeys rightKeys,
                   JoinKind kind, Window<?> window, TimeRules rules, RowSchema<?> leftSchema, RowSchema<?> rightSchema) {
        super(graph, "window-join-" + kind.name().toLowerCase(java.util.Locale.ROOT), left, right);
        this.leftTime = leftTime;
        this.rightTime = rightTime;
        this.leftKeys = leftKeys;
        this.rightKeys = rightKeys;
        this.kind = kind;
        this.window = window;
        this.rules = rules;
        this.leftSchema = (RowSchema<Object>) leftSchema;
        this.rightSchema = (RowSchema<Object>) rightSchema;
        this.clock = EventClock.of("windowJoin", leftTime.kind(), left, right);
    }

    private boolean keepsUnmatched(boolean left) {
        return kind == JoinKind.OUTER || kind == (left ? JoinKind.LEFT : JoinKind.RIGHT);
    }

    @Override
    protected void push(int port, Changes changes) {
        boolean left = port == 0;
        long hop = window.hop();
        long length = window.length();
        for (int i = 0; i < changes.size(); i++) {
            Object row = changes.row(i);
            long t;
            long joinKey;
            try {
                t = timeOf(left ? leftTime : rightTime, changes.key(i), row);
                joinKey = keyOf(left ? leftKeys : rightKeys, changes.key(i), row);
            } catch (UserFunctionException e) {
                withhold(e, changes.diff(i));
                continue;
            }
            clock.see(t);
            for (long start = Math.floorDiv(t, hop) * hop; start > t - length; start -= hop) {
                long end = start + length;
                if (rules.pastCutoff(end, clock.current())) {
                    continue;
                }
                change(bucket(joinKey, start, end), left, new Entry(changes.key(i), row), changes.diff(i));
            }
        }
    }

    private Bucket bucket(long joinKey, long start, long end) {
        scratch.reset();
        scratch.writeFixedLong(joinKey);
        scratch.writeFixedLong(start);
        long id = KeyHasher.hash(scratch.buffer(), scratch.size());
        Bucket bucket = buckets.get(id);
        if (bucket == null) {
            bucket = new Bucket(id, joinKey, start, end);
            bucket.released = !rules.hasDelay();
            add(bucket);
        }
        return bucket;
    }

    private void add(Bucket bucket) {
        buckets.put(bucket.id, bucket);
        if (rules.hasCutoff()) {
            byEnd.computeIfAbsent(bucket.end, e -> new ArrayList<>()).add(bucket);
        }
        if (!bucket.released) {
            pending.computeIfAbsent(Ticks.plus(bucket.start, rules.delay()), r -> new ArrayList<>()).add(bucket);
        }
    }

    /** Applies one row's change to a window, emitting (if the window is released) the pairs and padded rows it makes or made. */
    private void change(Bucket bucket, boolean left, Entry entry, int diff) {
        List<Entry> side = left ? bucket.left : bucket.right;
        List<Entry> other = left ? bucket.right : bucket.left;
        if (diff < 0 && !removeEntry(side, entry)) {
            throw new IllegalStateException(this + ": retraction of a " + (left ? "left" : "right") + " row that is not held, key "
                    + Long.toHexString(entry.key) + ": " + entry.row);
        }
        if (bucket.released) {
            for (Entry match : other) {
                emitPair(bucket, left ? entry : match, left ? match : entry, diff);
            }
            if (other.isEmpty() && keepsUnmatched(left)) {
                emitPair(bucket, left ? entry : null, left ? null : entry, diff);
            }
            boolean sideWasEmpty = diff > 0 && side.isEmpty();
            if ((sideWasEmpty || (diff < 0 && side.isEmpty())) && keepsUnmatched(!left)) {
                for (Entry unmatched : other) {
                    emitPair(bucket, left ? null : unmatched, left ? unmatched : null, -diff);
                }
            }
        }
        if (diff > 0) {
            side.add(entry);
        }
        if (bucket.left.isEmpty() && bucket.right.isEmpty()) {
            bucket.gone = true;
            buckets.remove(bucket.id);
        }
    }

    private static boolean removeEntry(List<Entry> side, Entry entry) {
        for (int e = side.size() - 1; e >= 0; e--) {
            if (side.get(e).key == entry.key && RowEquality.equal(side.get(e).row, entry.row)) {
                side.remove(e);
                return true;
            }
        }
        return false;
    }

    private void emitPair(Bucket bucket, Entry l, Entry r, int diff) {
        long pair = KeyHasher.combine(l == null ? NO_ROW : l.key, r == null ? NO_ROW : r.key);
        emit(KeyHasher.combine(pair, bucket.start), new JoinedRow(l == null ? null : l.row, r == null ? null : r.row), diff);
    }

    /** Emits, with {@code diff}, everything a window's rows make: its pairs and padded rows. */
    private void emitAll(Bucket bucket, int diff) {
        for (Entry l : bucket.left) {
            for (Entry r : bucket.right) {
                emitPair(bucket, l, r, diff);
            }
        }
        if (bucket.right.isEmpty() && keepsUnmatched(true)) {
            bucket.left.forEach(l -> emitPair(bucket, l, null, diff));
        }
        if (bucket.left.isEmpty() && keepsUnmatched(false)) {
            bucket.right.forEach(r -> emitPair(bucket, null, r, diff));
        }
    }

    @Override
    protected void flush(long batchTime) {
        long before = clock.current();
        boolean tick = clock.advance();
        if (tick && rules.hasCutoff()) {
            Iterator<Map.Entry<Long, List<Bucket>>> ended = byEnd.headMap(Ticks.plus(before, -rules.cutoff()), true).entrySet().iterator();
            while (ended.hasNext()) {
                for (Bucket bucket : ended.next().getValue()) {
                    if (!bucket.gone) {
                        if (!rules.keepResults() && bucket.released) {
                            emitAll(bucket, -1);
                        }
                        bucket.gone = true;
                        buckets.remove(bucket.id);
                    }
                }
                ended.remove();
            }
        }
        if (rules.hasDelay()) {
            Iterator<Map.Entry<Long, List<Bucket>>> due = pending.headMap(clock.current(), true).entrySet().iterator();
            while (due.hasNext()) {
                for (Bucket bucket : due.next().getValue()) {
                    if (!bucket.gone && !bucket.released) {
                        bucket.released = true;
                        emitAll(bucket, 1);
                    }
                }
                due.remove();
            }
        }
    }

    // ---- persistence ----

    @Override
    public void snapshot(BinaryWriter out) {
        clock.snapshot(out);
        out.writeLength(buckets.size());
        buckets.forEach((id, bucket) -> {
            out.writeFixedLong(bucket.joinKey);
            out.writeFixedLong(bucket.start);
            out.writeFixedLong(bucket.end);
            out.writeBoolean(bucket.released);
            writeSide(out, bucket.left, leftSchema);
            writeSide(out, bucket.right, rightSchema);
        });
    }

    private static void writeSide(BinaryWriter out, List<Entry> side, RowSchema<Object> schema) {
        out.writeLength(side.size());
        for (Entry entry : side) {
            out.writeFixedLong(entry.key);
            schema.encode(entry.row, out);
        }
    }

    @Override
    public void restore(BinaryReader in) {
        clock.restore(in);
        buckets.clear();
        byEnd.clear();
        pending.clear();
        int count = in.readLength(26);
        for (int b = 0; b < count; b++) {
            long joinKey = in.readFixedLong();
            long start = in.readFixedLong();
            long end = in.readFixedLong();
            scratch.reset();
            scratch.writeFixedLong(joinKey);
            scratch.writeFixedLong(start);
            Bucket bucket = new Bucket(KeyHasher.hash(scratch.buffer(), scratch.size()), joinKey, start, end);
            bucket.released = in.readBoolean();
            readSide(in, bucket.left, leftSchema);
            readSide(in, bucket.right, rightSchema);
            add(bucket);
        }
    }

    private static void readSide(BinaryReader in, List<Entry> side, RowSchema<Object> schema) {
        int size = in.readLength(9);
        for (int i = 0; i < size; i++) {
            long key = in.readFixedLong();
            side.add(new Entry(key, schema.decode(in)));
        }
    }

    @Override
    public void reemit() {
        buckets.forEach((id, bucket) -> {
            if (bucket.released) {
                emitAll(bucket, 1);
            }
        });
        deliverNow();
    }

    @Override
    public String definition() {
        return new dev.tideway.internal.engine.identity.OperatorDefinition(kind()).schema("left", leftSchema).param("left-time", leftTime.canonicalForm())
                .schema("right", rightSchema).param("right-time", rightTime.canonicalForm())
                .param("on", leftKeys.canonicalForm() + "=" + rightKeys.canonicalForm()).param("window", window.canonicalForm()).param("rules", rules.canonicalForm()).text();
    }
}
