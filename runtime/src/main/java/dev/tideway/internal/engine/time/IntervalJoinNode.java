package dev.tideway.internal.engine.time;

import dev.tideway.Interval;
import dev.tideway.JoinKind;
import dev.tideway.internal.engine.Changes;
import dev.tideway.internal.engine.Graph;
import dev.tideway.internal.engine.JoinedRow;
import dev.tideway.internal.engine.KeyHasher;
import dev.tideway.internal.engine.LongObjectMap;
import dev.tideway.internal.engine.Node;
import dev.tideway.internal.engine.Stateful;
import dev.tideway.internal.engine.ValueKeys;
import dev.tideway.UserFunctionException;
import dev.tideway.schema.BinaryReader;
import dev.tideway.schema.BinaryWriter;
import dev.tideway.schema.RowSchema;
import java.util.ArrayList;
import java.util.List;

/**
 * An interval join, as Pathway's {@code interval_join}: per join key, a left row at {@code t} is
 * paired with every right row whose time is within {@code [t + lower, t + upper]}; for outer kinds,
 * a row with no partner is emitted padded with null. A change costs the partners it has.
 *
 * <p>Behaviours: with a delay, a row joins once the watermark reaches its time plus the delay; with a
 * cutoff, a row whose time plus the cutoff the last batch's watermark reached is ignored, and a row
 * leaves the state at the next batch once no row that is not late can be its partner (a left row at
 * {@code t + upper + cutoff}, a right row at {@code t - lower + cutoff}), its pairs kept in the
 * output or, without {@code keepResults}, retracted.
 */
public final class IntervalJoinNode extends EventTimeNode implements Stateful {
    private static final long NO_ROW = 0x5bd1e9955bd1e995L;

    private final EventTime leftTime;
    private final EventTime rightTime;
    private final ValueKeys leftKeys;
    private final ValueKeys rightKeys;
    private final JoinKind kind;
    private final Interval<?> interval;
    private final TimeRules rules;
    private final RowSchema<Object> leftSchema;
    private final RowSchema<Object> rightSchema;
    private final EventClock clock;
    private final LongObjectMap<Bucket> buckets = new LongObjectMap<>();
    private final HeldRows delayedLeft = new HeldRows();
    private final HeldRows delayedRight = new HeldRows();

    private static final class Entry extends JoinSide.Row {
        /** The partners it has among the rows held, plus those it had when they were forgotten with their pairs kept. */
        int partners;
        /** Whether its padded row (for an outer side) is in the output. */
        boolean padded;

        Entry(long key, Object row, long time) {
            super(key, row, time);
        }
    }

    private static final class Bucket {
        final long joinKey;
        final JoinSide<Entry> left = new JoinSide<>();
        final JoinSide<Entry> right = new JoinSide<>();

        Bucket(long joinKey) {
            this.joinKey = joinKey;
        }
    }

    @SuppressWarnings("unchecked")
    IntervalJoinNode(Graph graph, Node left, Node right, EventTime leftTime, EventTime rightTime, ValueKeys leftKeys, ValueKeys rightKeys,
                     JoinKind kind, Interval<?> interval, TimeRules rules, RowSchema<?> leftSchema, RowSchema<?> rightSchema) {
        super(graph, "interval-join-" + kind.name().toLowerCase(java.util.Locale.ROOT), left, right);
        this.leftTime = leftTime;
        this.rightTime = rightTime;
        this.leftKeys = leftKeys;
        this.rightKeys = rightKeys;
        this.kind = kind;
        this.interval = interval;
        this.rules = rules;
        this.leftSchema = (RowSchema<Object>) leftSchema;
        this.rightSchema = (RowSchema<Object>) rightSchema;
        this.clock = EventClock.of("intervalJoin", leftTime.kind(), left, right);
    }

    private boolean keepsUnmatched(boolean left) {
        return kind == JoinKind.OUTER || kind == (left ? JoinKind.LEFT : JoinKind.RIGHT);
    }

    @Override
    protected void push(int port, Changes changes) {
        boolean left = port == 0;
        for (int i = 0; i < changes.size(); i++) {
            Object row = changes.row(i);
            long key = changes.key(i);
            long t;
            try {
                t = timeOf(left ? leftTime : rightTime, key, row);
                if (withholdsFailures()) {
                    keyOf(left ? leftKeys : rightKeys, key, row);   // tried before the row changes any state
                }
            } catch (UserFunctionException e) {
                withhold(e, changes.diff(i));
                continue;
            }
            clock.see(t);
            if (rules.pastCutoff(t, clock.current())) {
                continue;   // late
            }
            if (changes.diff(i) > 0) {
                if (rules.hasDelay()) {
                    (left ? delayedLeft : delayedRight).add(key, row, Ticks.plus(t, rules.delay()));
                } else {
                    change(left, key, row, t, 1);
                }
            } else if (!rules.hasDelay() || !(left ? delayedLeft : delayedRight).remove(key, row)) {
                change(left, key, row, t, -1);
            }
        }
    }

    private void change(boolean left, long key, Object row, long t, int diff) {
        long joinKey = keyOf(left ? leftKeys : rightKeys, key, row);
        Bucket bucket = diff > 0 ? buckets.computeIfAbsent(joinKey, Bucket::new) : buckets.get(joinKey);
        Entry entry;
        if (diff > 0) {
            entry = new Entry(key, row, t);
            (left ? bucket.left : bucket.right).add(entry);
        } else {
            entry = bucket == null ? null : (left ? bucket.left : bucket.right).remove(key, row, t);
            if (entry == null) {
                throw new IllegalStateException(this + ": retraction of a " + (left ? "left" : "right") + " row that is not held, key "
                        + Long.toHexString(key) + ": " + row);
            }
        }
        for (Entry partner : partners(bucket, left, t)) {
            emitPair(left ? entry : partner, left ? partner : entry, diff);
            partner.partners += diff;
            if (diff > 0) {
                entry.partners++;
            }
            updatePadding(partner, !left);
        }
        if (diff > 0) {
            updatePadding(entry, left);
        } else if (entry.padded) {
            emitPair(left ? entry : null, left ? null : entry, -1);
            entry.padded = false;
        }
        if (bucket.left.isEmpty() && bucket.right.isEmpty()) {
            buckets.remove(joinKey);
        }
    }

    /** The rows of the other side that a row at {@code t} of side {@code left} pairs with. */
    private List<Entry> partners(Bucket bucket, boolean left, long t) {
        if (left) {
            return bucket.right.between(Ticks.plus(t, interval.lower()), Ticks.plus(t, interval.upper()));
        }
        return bucket.left.between(Ticks.plus(t, -interval.upper()), Ticks.plus(t, -interval.lower()));
    }

    /** Emits or retracts a row's padded output so that it is there exactly when the row has no partner. */
    private void updatePadding(Entry entry, boolean left) {
        if (!keepsUnmatched(left)) {
            return;
        }
        boolean want = entry.partners == 0;
        if (want != entry.padded) {
            emitPair(left ? entry : null, left ? null : entry, want ? 1 : -1);
            entry.padded = want;
        }
    }

    private void emitPair(Entry l, Entry r, int diff) {
        long key = KeyHasher.combine(l == null ? NO_ROW : l.key, r == null ? NO_ROW : r.key);
        emit(key, new JoinedRow(l == null ? null : l.row, r == null ? null : r.row), diff);
    }

    @Override
    protected void flush(long batchTime) {
        long before = clock.current();
        boolean tick = clock.advance();
        if (rules.hasDelay()) {
            List<HeldRows.Held> due = new ArrayList<>();
            delayedLeft.takeDue(clock.current(), due::add);
            due.forEach(held -> change(true, held.key, held.row, timeOf(leftTime, held.key, held.row), 1));
            due.clear();
            delayedRight.takeDue(clock.current(), due::add);
            due.forEach(held -> change(false, held.key, held.row, timeOf(rightTime, held.key, held.row), 1));
        }
        if (tick && rules.hasCutoff()) {
            forget(before);
        }
    }

    /** Drops the rows no row that is not late can pair with any more. */
    private void forget(long watermark) {
        long leftBy = Ticks.plus(Ticks.plus(watermark, -rules.cutoff()), -interval.upper());
        long rightBy = Ticks.plus(Ticks.plus(watermark, -rules.cutoff()), interval.lower());
        List<Long> emptied = new ArrayList<>();
        buckets.forEach((joinKey, bucket) -> {
            bucket.left.removeUpTo(leftBy, entry -> false, entry -> forgotten(bucket, entry, true));
            bucket.right.removeUpTo(rightBy, entry -> false, entry -> forgotten(bucket, entry, false));
            if (bucket.left.isEmpty() && bucket.right.isEmpty()) {
                emptied.add(joinKey);
            }
        });
        emptied.forEach(buckets::remove);
    }

    private void forgotten(Bucket bucket, Entry entry, boolean left) {
        if (rules.keepResults()) {
            return;     // its pairs stay in the output, and in its partners' counts
        }
        for (Entry partner : partners(bucket, left, entry.time)) {
            emitPair(left ? entry : partner, left ? partner : entry, -1);
            partner.partners--;
            updatePadding(partner, !left);
        }
        if (entry.padded) {
            emitPair(left ? entry : null, left ? null : entry, -1);
        }
    }

    // ---- persistence ----

    @Override
    public void snapshot(BinaryWriter out) {
        clock.snapshot(out);
        delayedLeft.snapshot(out, leftSchema);
        delayedRight.snapshot(out, rightSchema);
        out.writeLength(buckets.size());
        buckets.forEach((joinKey, bucket) -> {
            out.writeFixedLong(joinKey);
            writeSide(out, bucket.left, leftSchema);
            writeSide(out, bucket.right, rightSchema);
        });
    }

    private static void writeSide(BinaryWriter out, JoinSide<Entry> side, RowSchema<Object> schema) {
        out.writeLength(side.size());
        side.forEach(entry -> {
            JoinSide.writeRow(out, entry, schema);
            out.writeLength(entry.partners);
            out.writeBoolean(entry.padded);
        });
    }

    @Override
    public void restore(BinaryReader in) {
        clock.restore(in);
        delayedLeft.restore(in, leftSchema);
        delayedRight.restore(in, rightSchema);
        buckets.clear();
        int count = in.readLength(10);
        for (int b = 0; b < count; b++) {
            Bucket bucket = new Bucket(in.readFixedLong());
            readSide(in, bucket.left, leftSchema);
            readSide(in, bucket.right, rightSchema);
            buckets.put(bucket.joinKey, bucket);
        }
    }

    private static void readSide(BinaryReader in, JoinSide<Entry> side, RowSchema<Object> schema) {
        int size = in.readLength(18);
        for (int i = 0; i < size; i++) {
            Object[] read = JoinSide.readRow(in, schema);
            Entry entry = new Entry((Long) read[1], read[2], (Long) read[0]);
            entry.partners = in.readLength(0);
            entry.padded = in.readBoolean();
            side.add(entry);
        }
    }

    @Override
    public void reemit() {
        buckets.forEach((joinKey, bucket) -> {
            bucket.left.forEach(l -> {
                for (Entry r : partners(bucket, true, l.time)) {
                    emitPair(l, r, 1);
                }
                if (l.padded) {
                    emitPair(l, null, 1);
                }
            });
            bucket.right.forEach(r -> {
                if (r.padded) {
                    emitPair(null, r, 1);
                }
            });
        });
        deliverNow();
    }

    @Override
    public String definition() {
        return new dev.tideway.internal.engine.identity.OperatorDefinition(kind()).schema("left", leftSchema).param("left-time", leftTime.canonicalForm())
                .schema("right", rightSchema).param("right-time", rightTime.canonicalForm())
                .param("on", leftKeys.canonicalForm() + "=" + rightKeys.canonicalForm()).param("interval", interval.canonicalForm()).param("rules", rules.canonicalForm()).text();
    }
}
