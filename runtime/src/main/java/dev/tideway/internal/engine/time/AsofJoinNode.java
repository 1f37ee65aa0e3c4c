package dev.tideway.internal.engine.time;

import dev.tideway.AsofDirection;
import dev.tideway.JoinKind;
import dev.tideway.internal.engine.Changes;
import dev.tideway.internal.engine.Graph;
import dev.tideway.internal.engine.JoinedRow;
import dev.tideway.internal.engine.KeyHasher;
import dev.tideway.internal.engine.LongObjectMap;
import dev.tideway.internal.engine.Node;
import dev.tideway.internal.engine.RowEquality;
import dev.tideway.internal.engine.Stateful;
import dev.tideway.internal.engine.ValueKeys;
import dev.tideway.UserFunctionException;
import dev.tideway.schema.BinaryReader;
import dev.tideway.schema.BinaryWriter;
import dev.tideway.schema.RowSchema;
import java.util.ArrayList;
import java.util.List;

/**
 * An as-of join, as Pathway's {@code asof_join}: per join key, each row of a driving side is paired
 * with one row of the other side, found by time in the join's {@link AsofDirection}. The left rows
 * drive for INNER (pairs only), LEFT and OUTER (padded with null when nothing matches); the right
 * rows drive for RIGHT and OUTER. Each driving row is one output row, keyed by its own key (and the
 * side), updated when a row of the other side arrives or goes near its time.
 *
 * <p>Behaviours: with a delay, a row joins once the watermark reaches its time plus the delay; with a
 * cutoff, a row whose time plus the cutoff the last batch's watermark reached is ignored, and rows
 * that old leave the state at the next batch, unless another row is paired with them or they are
 * the latest of their side and key (a later row may still be paired with them); a driving row
 * forgotten keeps its result, or has it retracted without {@code keepResults}.
 */
public final class AsofJoinNode extends EventTimeNode implements Stateful {
    private static final long LEFT_DRIVEN = 0x6c656674L;
    private static final long RIGHT_DRIVEN = 0x72696768L;

    private final EventTime leftTime;
    private final EventTime rightTime;
    private final ValueKeys leftKeys;
    private final ValueKeys rightKeys;
    private final JoinKind kind;
    private final AsofDirection direction;
    private final TimeRules rules;
    private final RowSchema<Object> leftSchema;
    private final RowSchema<Object> rightSchema;
    private final EventClock clock;
    private final LongObjectMap<Bucket> buckets = new LongObjectMap<>();
    private final HeldRows delayedLeft = new HeldRows();
    private final HeldRows delayedRight = new HeldRows();

    private static final class Entry extends JoinSide.Row {
        final long joinKey;
        /** The row of the other side this one is paired with (when it drives), or null. */
        Entry match;
        /** The output row emitted for this driving row, or null. */
        JoinedRow out;
        /** How many driving rows are paired with this one: it is not forgotten while any is. */
        int pairedBy;

        Entry(long key, Object row, long time, long joinKey) {
            super(key, row, time);
            this.joinKey = joinKey;
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
    AsofJoinNode(Graph graph, Node left, Node right, EventTime leftTime, EventTime rightTime, ValueKeys leftKeys, ValueKeys rightKeys,
                 JoinKind kind, AsofDirection direction, TimeRules rules, RowSchema<?> leftSchema, RowSchema<?> rightSchema) {
        super(graph, "asof-join-" + kind.name().toLowerCase(java.util.Locale.ROOT), left, right);
        this.leftTime = leftTime;
        this.rightTime = rightTime;
        this.leftKeys = leftKeys;
        this.rightKeys = rightKeys;
        this.kind = kind;
        this.direction = direction;
        this.rules = rules;
        this.leftSchema = (RowSchema<Object>) leftSchema;
        this.rightSchema = (RowSchema<Object>) rightSchema;
        this.clock = EventClock.of("asofJoin", leftTime.kind(), left, right);
    }

    private boolean leftDrives() {
        return kind != JoinKind.RIGHT;
    }

    private boolean rightDrives() {
        return kind == JoinKind.RIGHT || kind == JoinKind.OUTER;
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
                    insert(left, key, row, t);
                }
            } else if (!rules.hasDelay() || !(left ? delayedLeft : delayedRight).remove(key, row)) {
                retract(left, key, row, t);
            }
        }
    }

    private void insert(boolean left, long key, Object row, long t) {
        long joinKey = keyOf(left ? leftKeys : rightKeys, key, row);
        Bucket bucket = buckets.computeIfAbsent(joinKey, Bucket::new);
        Entry entry = new Entry(key, row, t, joinKey);
        (left ? bucket.left : bucket.right).add(entry);
        if (left ? leftDrives() : rightDrives()) {
            refresh(bucket, entry, left);
        }
        refreshAround(bucket, !left, t, left);
    }

    private void retract(boolean left, long key, Object row, long t) {
        long joinKey = keyOf(left ? leftKeys : rightKeys, key, row);
        Bucket bucket = buckets.get(joinKey);
        Entry entry = bucket == null ? null : (left ? bucket.left : bucket.right).remove(key, row, t);
        if (entry == null) {
            throw new IllegalStateException(this + ": retraction of a " + (left ? "left" : "right") + " row that is not held, key "
                    + Long.toHexString(key) + ": " + row);
        }
        unpair(entry);
        if (entry.out != null) {
            emit(outputKey(entry, left), entry.out, -1);
            entry.out = null;
        }
        refreshAround(bucket, !left, t, left);
        if (bucket.left.isEmpty() && bucket.right.isEmpty()) {
            buckets.remove(joinKey);
        }
    }

    /**
     * Re-pairs the driving rows of side {@code drivingLeft} whose match may have changed when a row of
     * the other side changed at time {@code t}: those between that side's neighbouring times.
     */
    private void refreshAround(Bucket bucket, boolean drivingLeft, long t, boolean changedLeft) {
        if (!(drivingLeft ? leftDrives() : rightDrives())) {
            return;
        }
        JoinSide<Entry> changed = changedLeft ? bucket.left : bucket.right;
        Long lower = changed.lowerTime(t);
        Long higher = changed.higherTime(t);
        JoinSide<Entry> driving = drivingLeft ? bucket.left : bucket.right;
        for (Entry entry : driving.between(lower == null ? Long.MIN_VALUE : lower, higher == null ? Long.MAX_VALUE : higher)) {
            refresh(bucket, entry, drivingLeft);
        }
    }

    /** Pairs a driving row with its match now, emitting the change of its output row. */
    private void refresh(Bucket bucket, Entry entry, boolean drivingLeft) {
        Entry match = find(drivingLeft ? bucket.right : bucket.left, entry.time);
        if (match != entry.match) {
            unpair(entry);
            entry.match = match;
            if (match != null) {
                match.pairedBy++;
            }
        }
        JoinedRow out;
        if (match == null && kind == JoinKind.INNER) {
            out = null;
        } else {
            Object other = match == null ? null : match.row;
            out = drivingLeft ? new JoinedRow(entry.row, other) : new JoinedRow(other, entry.row);
        }
        if (out == null ? entry.out == null : out.equals(entry.out)) {
            return;
        }
        long key = outputKey(entry, drivingLeft);
        if (entry.out != null) {
            emit(key, entry.out, -1);
        }
        if (out != null) {
            emit(key, out, 1);
        }
        entry.out = out;
    }

    private void unpair(Entry entry) {
        if (entry.match != null) {
            entry.match.pairedBy--;
            entry.match = null;
        }
    }

    private Entry find(JoinSide<Entry> side, long t) {
        return switch (direction) {
            case BACKWARD -> side.atOrBefore(t);
            case FORWARD -> side.atOrAfter(t);
            case NEAREST -> {
                Entry before = side.atOrBefore(t);
                Entry after = side.atOrAfter(t);
                if (before == null || after == null) {
                    yield before == null ? after : before;
                }
                yield Long.compareUnsigned(t - before.time, after.time - t) <= 0 ? before : after;
            }
        };
    }

    private static long outputKey(Entry entry, boolean drivingLeft) {
        return drivingLeft ? KeyHasher.combine(entry.key, LEFT_DRIVEN) : KeyHasher.combine(RIGHT_DRIVEN, entry.key);
    }

    @Override
    protected void flush(long batchTime) {
        long before = clock.current();
        boolean tick = clock.advance();
        if (rules.hasDelay()) {
            List<HeldRows.Held> due = new ArrayList<>();
            delayedLeft.takeDue(clock.current(), due::add);
            due.forEach(held -> insert(true, held.key, held.row, timeOf(leftTime, held.key, held.row)));
            due.clear();
            delayedRight.takeDue(clock.current(), due::add);
            due.forEach(held -> insert(false, held.key, held.row, timeOf(rightTime, held.key, held.row)));
        }
        if (tick && rules.hasCutoff()) {
            forget(Ticks.plus(before, -rules.cutoff()));
        }
    }

    /** Drops the rows at or before {@code time} that no row is paired with and that are not the latest of their side. */
    private void forget(long time) {
        List<Long> emptied = new ArrayList<>();
        buckets.forEach((joinKey, bucket) -> {
            forgetSide(bucket.left, true, time);
            forgetSide(bucket.right, false, time);
            if (bucket.left.isEmpty() && bucket.right.isEmpty()) {
                emptied.add(joinKey);
            }
        });
        emptied.forEach(buckets::remove);
    }

    private void forgetSide(JoinSide<Entry> side, boolean left, long time) {
        Long last = side.lastTime();
        side.removeUpTo(time, entry -> entry.pairedBy > 0 || (last != null && entry.time == last), entry -> {
            unpair(entry);
            if (entry.out != null && !rules.keepResults()) {
                emit(outputKey(entry, left), entry.out, -1);
            }
            entry.out = null;
        });
    }

    // ---- persistence ----

    @Override
    public void snapshot(BinaryWriter out) {
        clock.snapshot(out);
        delayedLeft.snapshot(out, leftSchema);
        delayedRight.snapshot(out, rightSchema);
        out.writeLength(buckets.size());
        buckets.forEach((joinKey, bucket) -> {
            writeSide(out, bucket.left, leftSchema);
            writeSide(out, bucket.right, rightSchema);
        });
    }

    private void writeSide(BinaryWriter out, JoinSide<Entry> side, RowSchema<Object> schema) {
        out.writeLength(side.size());
        side.forEach(entry -> {
            JoinSide.writeRow(out, entry, schema);
            out.writeBoolean(entry.out != null);
            if (entry.out != null) {
                writeOptional(out, entry.out.left(), leftSchema);
                writeOptional(out, entry.out.right(), rightSchema);
            }
        });
    }

    private static void writeOptional(BinaryWriter out, Object row, RowSchema<Object> schema) {
        out.writeBoolean(row != null);
        if (row != null) {
            schema.encode(row, out);
        }
    }

    @Override
    public void restore(BinaryReader in) {
        clock.restore(in);
        delayedLeft.restore(in, leftSchema);
        delayedRight.restore(in, rightSchema);
        buckets.clear();
        int count = in.readLength(2);
        for (int b = 0; b < count; b++) {
            List<Entry> lefts = readSide(in, leftSchema, leftKeys);
            List<Entry> rights = readSide(in, rightSchema, rightKeys);
            long joinKey = !lefts.isEmpty() ? lefts.get(0).joinKey : rights.get(0).joinKey;
            Bucket bucket = new Bucket(joinKey);
            lefts.forEach(bucket.left::add);
            rights.forEach(bucket.right::add);
            buckets.put(joinKey, bucket);
            // a driving row's match is always the best one held (rows paired with are never forgotten)
            if (leftDrives()) {
                bucket.left.forEach(entry -> relink(bucket, entry, true));
            }
            if (rightDrives()) {
                bucket.right.forEach(entry -> relink(bucket, entry, false));
            }
        }
    }

    private void relink(Bucket bucket, Entry entry, boolean drivingLeft) {
        entry.match = find(drivingLeft ? bucket.right : bucket.left, entry.time);
        if (entry.match != null) {
            entry.match.pairedBy++;
        }
    }

    private List<Entry> readSide(BinaryReader in, RowSchema<Object> schema, ValueKeys keys) {
        int size = in.readLength(18);
        List<Entry> entries = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            Object[] read = JoinSide.readRow(in, schema);
            Entry entry = new Entry((Long) read[1], read[2], (Long) read[0], keyOf(keys, (Long) read[1], read[2]));
            if (in.readBoolean()) {
                Object left = in.readBoolean() ? leftSchema.decode(in) : null;
                Object right = in.readBoolean() ? rightSchema.decode(in) : null;
                entry.out = new JoinedRow(left, right);
            }
            entries.add(entry);
        }
        return entries;
    }

    @Override
    public void reemit() {
        buckets.forEach((joinKey, bucket) -> {
            bucket.left.forEach(entry -> {
                if (entry.out != null) {
                    emit(outputKey(entry, true), entry.out, 1);
                }
            });
            bucket.right.forEach(entry -> {
                if (entry.out != null) {
                    emit(outputKey(entry, false), entry.out, 1);
                }
            });
        });
        deliverNow();
    }

    @Override
    public String definition() {
        return new dev.tideway.internal.engine.identity.OperatorDefinition(kind()).schema("left", leftSchema).param("left-time", leftTime.canonicalForm())
                .schema("right", rightSchema).param("right-time", rightTime.canonicalForm())
                .param("on", leftKeys.canonicalForm() + "=" + rightKeys.canonicalForm()).param("direction", direction.name()).param("rules", rules.canonicalForm()).text();
    }
}
