package dev.tideway.internal.engine;

import dev.tideway.DuplicateKeyPolicy;
import dev.tideway.InputException;
import dev.tideway.schema.BinaryReader;
import dev.tideway.schema.BinaryWriter;
import dev.tideway.spi.InputConnector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a source holds of what it read, and the row changes each read makes: its units (each with its
 * position, the time it was read and its rows, encoded, a few bytes a row: {@link HeldUnit}), the rows
 * pushed as events ({@link EventRows}), the keyed changes' rows, the location read last and the
 * connector's own offsets. A unit read again retracts the rows it held and inserts its new ones; a
 * unit gone retracts them, so a modified or deleted unit is retracted.
 *
 * <p>A source with a primary key shows one row per key ({@link KeyedUnitRows}, {@link EventRows}):
 * a row whose key another row holds is rejected (handed to the connector, which stops or skips it:
 * {@link KeyConflicts}) or replaces the other, as the connector's {@link DuplicateKeyPolicy} says, at
 * the end of the poll ({@link #settle}). A source {@linkplain SourceNode#declareAppendOnly declared
 * append-only} keeps none of that: only the units' positions ({@link AppendedUnitRows}). Keyed changes
 * ({@link dev.tideway.spi.UnitChanges#upsert}: a message queue read in upsert mode) are held by their
 * message key, each replacing the row of its key ({@link UpsertRows}).
 *
 * <p>{@link #snapshot} and {@link #restore} write and read all of it in the layout of
 * {@link SourceSnapshot}; {@link #reemitAll} and {@link #reemitReadAt} insert again what it holds, to
 * rebuild the operators after the source. Not thread-safe: used on the source's thread.
 *
 * @param <T> the row type
 */
final class SourceState<T> {
    /** A source's messages are logged under {@link SourceNode}'s category. */
    private static final Logger LOG = LoggerFactory.getLogger(SourceNode.class);

    private final InputConnector<T> connector;
    private final SourceRowCodec<T> codec;
    private final KeyConflicts<T> conflicts;
    private final RowOrigins<T> origins;
    private final Emitter emitter;
    private final Runnable deliver;
    /** The logical time of the batch being read. */
    private final LongSupplier time;
    /** The source's persistent id: assigned when the run starts, after the source was made. */
    private final Supplier<String> persistentId;
    /** The source's name for messages: its persistent id, or the id given in code before the run assigns one. */
    private final Supplier<String> sourceName;
    private final boolean keyed;
    private boolean keepRows = true;
    private boolean appendOnly;
    /** Set by a restore of an append-only source: rows restored (written before the declaration) are dropped at the first read. */
    private boolean dropRestoredRows;

    /** Where the units were read from; null before the first poll. */
    private String location;
    /** The connector's own offsets as last reported (see {@link dev.tideway.spi.UnitChanges#offsets}), or null. */
    private byte[] offsets;
    /** unit name → what was read. */
    private final Map<String, HeldUnit> units = new HashMap<>();
    private long nextArrival;
    private int nextUnitId;
    /** The policy the rows shown were chosen by: the connector's, or a restored one until the first poll. */
    private DuplicateKeyPolicy activePolicy;
    /** Units that arrived at or after this one were read by the current poll. */
    private long pollArrival = Long.MAX_VALUE;
    private boolean replaying;

    private final KeyedUnitRows<T> keyedRows;
    private final EventRows<T> events;
    private final AppendedUnitRows<T> appendedRows;
    private final UpsertRows<T> upserts;

    SourceState(InputConnector<T> connector, SourceRowCodec<T> codec, Emitter emitter, Runnable deliver, LongSupplier time,
                Supplier<String> persistentId, Supplier<String> sourceName) {
        this.connector = connector;
        this.codec = codec;
        this.conflicts = new KeyConflicts<>(connector, codec.schema(), persistentId);
        this.emitter = emitter;
        this.deliver = deliver;
        this.time = time;
        this.persistentId = persistentId;
        this.sourceName = sourceName;
        this.keyed = codec.schema().hasPrimaryKey();
        this.activePolicy = connector.duplicateKeys();
        this.keyedRows = new KeyedUnitRows<>(codec::primaryKey, codec::rowsOf, units::values, emitter);
        this.events = new EventRows<>(codec.schema(), codec::keyOf, emitter);
        this.appendedRows = new AppendedUnitRows<>(keyed, codec::primaryKey, emitter);
        this.upserts = new UpsertRows<>(codec.schema(), codec::primaryKey, emitter);
        this.origins = new RowOrigins<>(connector, codec, units::values, upserts::holds, events::holds);
    }

    /** See {@link SourceNode#declareAppendOnly}. */
    void declareAppendOnly() {
        this.appendOnly = true;
    }

    boolean appendOnly() {
        return appendOnly;
    }

    /** See {@link SourceNode#keepRows}: with a primary key, rows are always kept. */
    void keepRows(boolean keep) {
        this.keepRows = keep || keyed;
    }

    /** Whether the rows of units are kept for later retraction: never for an append-only source. */
    boolean keepsRows() {
        return keepRows && !appendOnly;
    }

    /** Where the units were read from; null before the first poll. */
    String location() {
        return location;
    }

    void location(String location) {
        this.location = location;
    }

    /** The connector's own offsets as last reported, or null; not a copy. */
    byte[] offsets() {
        return offsets;
    }

    void offsets(byte[] offsets) {
        this.offsets = offsets;
    }

    /** The names of the units held: a view, changed by the next read. */
    Set<String> unitNames() {
        return units.keySet();
    }

    boolean holds(String unit) {
        return units.containsKey(unit);
    }

    /** The position a unit was read at, or null when it is not held. */
    byte[] position(String unit) {
        HeldUnit held = units.get(unit);
        return held == null ? null : held.position;
    }

    /**
     * A poll starts: the rows shown are chosen by the {@code wanted} policy from now on (the state may
     * have been written under another), and units that arrive from now on are this poll's.
     */
    void beginPoll(DuplicateKeyPolicy wanted) {
        replaying = false;
        dropRestoredRowsOnce();
        if (keyed && wanted != activePolicy) {
            keyedRows.adopt(activePolicy, wanted);      // the state was written under another policy
        }
        activePolicy = wanted;
        pollArrival = nextArrival;
    }

    /** The replay of a log record starts: nothing is rejected again (it was when the record was made). */
    void beginReplay() {
        replaying = true;
        dropRestoredRowsOnce();
    }

    /**
     * A unit read: its rows are {@code rows} (when decoded already) or {@code data[offset, offset + length)};
     * the unit keeps the name {@code stored} of its stored rows when there is one, else that slice.
     */
    void replace(String name, byte[] position, int count, byte[] lines, long seed, List<T> rows,
                 byte[] data, int offset, int length, String stored) {
        if (appendOnly) {
            replaceAppended(name, position, count, lines, seed, rows, data, offset, length);
            return;
        }
        if (keyed) {
            keyedRows.prepare();
        }
        HeldUnit old = units.remove(name);
        // Without the rows read before (positions only), the rows they were are taken as read, as
        // from an offset: a file that grew is read on after them (Pathway's OFFSETS_ONLY).
        int alreadyRead = old == null ? 0 : retract(old);
        HeldUnit unit = new HeldUnit(name, nextUnitId++, nextArrival++, seed, position, count, lines);
        unit.time = time.getAsLong();
        if (keepRows && stored != null) {
            unit.stored = stored;
        } else if (keepRows) {
            unit.data = data;
            unit.offset = offset;
            unit.length = length;
        }
        units.put(name, unit);
        List<T> inserted = rows != null ? rows : codec.decodeAll(new BinaryReader(data, offset, length), count);
        if (keyed) {
            keyedRows.inserted(unit, inserted, activePolicy, alreadyRead);
        } else {
            emitUnitRows(seed, inserted, alreadyRead, 1);
        }
        deliver.run();
    }

    /**
     * A unit read by an append-only source: inserted, then only its position is kept (not its rows,
     * nor their lines). One read before is an error: its rows were not kept to be retracted.
     */
    private void replaceAppended(String name, byte[] position, int count, byte[] lines, long seed, List<T> rows,
                                 byte[] data, int offset, int length) {
        if (units.containsKey(name)) {
            throw new InputException("source \"" + sourceName.get() + "\" is append-only, but " + name + " ("
                    + connector.origin(name) + ") changed after it was read: its earlier rows were not kept, so they"
                    + " cannot be retracted. Add new files instead of changing one (write aside, then rename), or read"
                    + " the source without appendOnly()");
        }
        HeldUnit unit = new HeldUnit(name, nextUnitId++, nextArrival++, seed, position, count, null);
        unit.time = time.getAsLong();
        units.put(name, unit);
        List<T> inserted = rows != null ? rows : codec.decodeAll(new BinaryReader(data, offset, length), count);
        AppendedUnitRows.Rejection rejection = replaying ? null : (later, earlier) -> conflicts.rejectRowOfUnit(name, later,
                RowLines.line(lines, later), inserted.get(later), connector.origin(name), earlier, RowLines.line(lines, earlier));
        appendedRows.insert(inserted, seed, activePolicy, rejection);
        deliver.run();
    }

    /** A unit gone: its rows are retracted (an append-only source's stay). */
    void remove(String name) {
        if (appendOnly) {
            // an append-only source's rows stay when their unit is cleaned up; only its position is forgotten
            if (units.remove(name) != null) {
                LOG.debug("source \"{}\": {} is gone; as the source is append-only, its rows stay", sourceName.get(), name);
            }
            return;
        }
        if (keyed) {
            keyedRows.prepare();
        }
        HeldUnit old = units.remove(name);
        if (old != null) {
            retract(old);
            deliver.run();
        }
    }

    /** Retracts the rows of a unit; returns how many of its rows count as read without them (positions only). */
    private int retract(HeldUnit old) {
        if (!old.hasRows()) {
            // only positions were kept (offsets-only state, or a static run without persistence)
            LOG.warn("source \"{}\": {} changed, but only its position was kept, not its rows: its first {} row(s) count"
                    + " as read before and are neither retracted nor read again; the rows after them are read as new",
                    persistentId.get(), connector.origin(old.name), old.count);
            keyedRows.forget(old);
            return old.count;
        }
        List<T> rows = codec.rowsOf(old);
        if (keyed) {
            keyedRows.retracted(old, rows, activePolicy);
            return 0;
        }
        emitUnitRows(old.seed, rows, 0, -1);
        return 0;
    }

    /** Emits the rows of a unit without a primary key from row {@code from} on, each keyed by the unit's seed and its position. */
    private void emitUnitRows(long seed, List<T> rows, int from, int diff) {
        for (int i = from; i < rows.size(); i++) {
            emitter.emit(KeyHasher.combine(seed, i), rows.get(i), diff);
        }
    }

    /** A unit held is at a new position, with the same rows (nothing when it is not held). */
    void unchanged(String unit, byte[] position) {
        HeldUnit held = units.get(unit);
        if (held != null) {
            held.position = position;
        }
    }

    /**
     * Ends the poll (or the replay of one): settles the keys whose rows changed in conflict, rejecting
     * (under REJECT) the rows read by this poll whose key an earlier row holds.
     */
    void settle() {
        try {
            if (keyed) {
                keyedRows.settle(activePolicy, pollArrival, replaying ? null : conflicts::rejectUnitRow);
                if (events.unsettled()) {
                    events.settle(replaying ? null : conflicts::rejectEvent);
                }
            }
        } finally {
            pollArrival = Long.MAX_VALUE;
            replaying = false;
        }
    }

    /** Inserts ({@code diff} +1) or deletes (-1) a row not tied to a unit. */
    void event(T row, int diff) {
        if (appendOnly) {
            // nothing is kept: an append-only source never retracts what it inserted
            if (diff < 0) {
                throw new IllegalArgumentException("source \"" + sourceName.get() + "\" is append-only: it cannot delete " + row
                        + ". Insert rows only, or create the table without appendOnly()");
            }
            emitter.emit(codec.keyOf(row), row, 1);
        } else {
            events.apply(row, diff, activePolicy, persistentId.get(), time.getAsLong());
        }
        deliver.run();
    }

    /** The row of the message key hashed to {@code messageKey} is now {@code row}, or none when it is null. */
    void upsert(long messageKey, T row) {
        if (appendOnly) {
            throw new IllegalArgumentException("source \"" + sourceName.get() + "\" is append-only: it cannot take keyed changes"
                    + " (upsert), which replace or delete the row of their key. Read the source in append mode, or create the"
                    + " table without appendOnly()");
        }
        upserts.apply(messageKey, row, activePolicy, time.getAsLong(), replaying ? null : conflicts::rejectUpsert);
        deliver.run();
    }

    /** Where a row with this key came from, after {@code source}; null if no row held has that key (see {@link RowOrigins}). */
    String describeRow(long key, String source) {
        return origins.describe(key, source);
    }

    /** Inserts again every row held, as if read now. */
    void reemitAll() {
        warnIfRowsNotKept();
        if (keyed) {
            keyedRows.reemit(activePolicy);
            deliver.run();
        } else {
            for (HeldUnit unit : units.values()) {
                if (!unit.hasRows()) {
                    continue;
                }
                emitUnitRows(unit.seed, codec.rowsOf(unit), 0, 1);
                deliver.run();
            }
        }
        events.reemit();
        upserts.reemit();
        deliver.run();
    }

    private void warnIfRowsNotKept() {
        if (appendOnly) {
            LOG.warn("source \"{}\" is append-only and keeps none of the rows it read: the operators rebuilt from the input get"
                    + " only the rows it reads from now on", sourceName.get());
        }
    }

    /** The logical times of the batches that read what is held (units, event rows, keyed changes), in order. */
    SortedSet<Long> readTimes() {
        warnIfRowsNotKept();
        SortedSet<Long> times = new TreeSet<>();
        for (HeldUnit unit : units.values()) {
            if (unit.hasRows()) {
                times.add(unit.time);
            }
        }
        events.readTimes(times);
        upserts.readTimes(times);
        return times;
    }

    /** Inserts again the rows held that the batch at {@code time} read. */
    void reemitReadAt(long time) {
        for (HeldUnit unit : units.values()) {
            if (!unit.hasRows() || unit.time != time) {
                continue;
            }
            if (keyed) {
                keyedRows.reemit(unit, activePolicy);
            } else {
                emitUnitRows(unit.seed, codec.rowsOf(unit), 0, 1);
            }
            deliver.run();
        }
        events.reemitAt(time);
        upserts.reemitAt(time);
        deliver.run();
    }

    /**
     * Writes what is held (see {@link SourceSnapshot} for the layout). Without rows, only the units'
     * positions and the connector's offsets. With a store, each unit's rows are saved there once and the
     * snapshot names them; rows saved are then dropped from memory, and loaded back only if the unit is
     * retracted.
     */
    void snapshot(BinaryWriter out, boolean withRows, UnitRows store) {
        SourceSnapshot.writeHeader(out, location, activePolicy, nextArrival, offsets, units.size());
        for (HeldUnit unit : units.values()) {
            SourceSnapshot.writeUnit(out, unit, withRows, store, persistentId.get(), codec::load);
        }
        events.snapshot(out, withRows);
        upserts.snapshot(out, withRows);
    }

    /**
     * Writes the states of {@code parts} — the shares of one source, read by several workers, each
     * holding units of its own — as the one state a single reader of every unit would write: the
     * first share's location, policy and offsets, the latest arrival, every share's units. A shared
     * source holds units only (its connector reports no events or keyed changes).
     */
    static <T> void snapshot(List<SourceState<T>> parts, BinaryWriter out, boolean withRows, UnitRows store) {
        if (parts.size() == 1) {
            parts.get(0).snapshot(out, withRows, store);
            return;
        }
        SourceState<T> first = parts.get(0);
        SourceSnapshot.writeHeader(out, first.location, first.activePolicy, parts.stream().mapToLong(part -> part.nextArrival).max().orElse(0),
                first.offsets, parts.stream().mapToInt(part -> part.units.size()).sum());
        for (SourceState<T> part : parts) {
            for (HeldUnit unit : part.units.values()) {
                SourceSnapshot.writeUnit(out, unit, withRows, store, part.persistentId.get(), part.codec::load);
            }
        }
        first.events.snapshot(out, withRows);
        first.upserts.snapshot(out, withRows);
    }

    /**
     * Moves the units {@code owns} accepts to {@code share}, an empty state of a copy of this source
     * that reads those units from now on, with this state's location, policy, offsets and arrivals.
     *
     * @throws IllegalStateException if this state holds events or keyed changes (which belong to no unit)
     */
    void handOver(SourceState<T> share, Predicate<String> owns) {
        if (!events.isEmpty() || !upserts.isEmpty()) {
            throw new IllegalStateException("source \"" + sourceName.get() + "\" holds events or keyed changes, which cannot be split by unit");
        }
        share.keepRows = keepRows;
        share.appendOnly = appendOnly;
        share.location = location;
        share.offsets = offsets;
        share.activePolicy = activePolicy;
        share.nextArrival = nextArrival;
        share.nextUnitId = nextUnitId;
        share.dropRestoredRows = dropRestoredRows;
        for (Iterator<HeldUnit> it = units.values().iterator(); it.hasNext(); ) {
            HeldUnit unit = it.next();
            if (owns.test(unit.name)) {
                share.units.put(unit.name, unit);
                it.remove();
            }
        }
    }

    /** Drops the rows held, keeping only the units' positions. */
    void forgetRows() {
        dropRestoredRows = false;
        for (HeldUnit unit : units.values()) {
            unit.data = null;
            unit.stored = null;
        }
        events.clear();
        upserts.clear();
        keyedRows.reset();
    }

    /** Restores what {@link #snapshot} wrote, without emitting anything. */
    void restore(BinaryReader in) {
        dropRestoredRows = appendOnly;
        units.clear();
        keyedRows.reset();
        upserts.clear();
        SourceSnapshot.Restored restored = SourceSnapshot.read(in, connector.location(), codec::migrateRows);
        location = restored.location();
        offsets = restored.offsets();
        if (restored.policy() != null) {
            activePolicy = restored.policy();
        }
        nextUnitId = 0;
        List<HeldUnit> inOrder = new ArrayList<>();
        for (SourceSnapshot.UnitRecord record : restored.units()) {
            HeldUnit unit = record.held(nextUnitId++);
            units.put(unit.name, unit);
            inOrder.add(unit);
        }
        nextArrival = restored.nextArrival();
        events.restore(in, codec::readRow, !restored.version1());
        if (restored.hasUpserts()) {
            upserts.restore(in, codec::readRow);
        }
        if (restored.version1() && in.hasRemaining() && in.readByte() == SourceSnapshot.VERSION_1_READ_TIMES) {
            for (HeldUnit unit : inOrder) {
                unit.time = in.readLong();
            }
            events.restoreVersion1Times(in);
        }
    }

    /**
     * An append-only source restored from a state written before it was declared so holds that
     * state's rows: kept to rebuild the operators after it ({@link #reemitAll}), dropped when it
     * reads or replays anything, after which it holds positions only.
     */
    private void dropRestoredRowsOnce() {
        if (dropRestoredRows) {
            forgetRows();
        }
    }
}
