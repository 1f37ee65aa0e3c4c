package dev.tideway.internal.engine;

import dev.tideway.DuplicateKeyPolicy;
import dev.tideway.spi.InputConnector;
import dev.tideway.InputException;
import dev.tideway.spi.KnownUnits;
import dev.tideway.spi.UnitChanges;
import dev.tideway.schema.BinaryReader;
import dev.tideway.schema.BinaryWriter;
import dev.tideway.schema.CodecException;
import dev.tideway.schema.RowSchema;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.IntToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The input of the dataflow: turns what a connector reports into row changes, and keeps the rows of
 * every unit (encoded, a few bytes a row) so that a modified or deleted unit can be retracted.
 *
 * <p>Units are named relative to the source's location, so the same files read from a moved or
 * copied folder are the same units: the table follows the location of its persistent id. The
 * location read last is recorded, and the first poll after it changed is logged as a warning with
 * what it found. Row keys come from the {@code @PrimaryKey} components, or else from the source's
 * persistent id, the unit's name and the row's position in it — never from the location, so a move
 * keeps them.
 *
 * <p>A source with a primary key shows one row per key ({@link KeyedUnitRows}, {@link EventRows}):
 * a row whose key another row holds is rejected (handed to the connector, which stops or skips it)
 * or replaces the other, as the connector's {@link DuplicateKeyPolicy} says, at the end of the poll.
 *
 * <p>A source {@linkplain #declareAppendOnly declared append-only} keeps none of that: only the
 * units' positions ({@link AppendedUnitRows}).
 *
 * <p>Keyed changes ({@link UnitChanges#upsert}: a message queue read in upsert mode) are held by
 * their message key, each replacing the row of its key ({@link UpsertRows}); the connector's own
 * offsets ({@link UnitChanges#offsets}) are kept with the rest and handed back through
 * {@link KnownUnits#offsets()}, so that they are committed together with the changes they cover.
 *
 * <p>Every change it makes is also recorded as a log record, which persistence writes to the
 * source's write-ahead log and can {@linkplain #replay replay}.
 *
 * @param <T> the row type
 */
public final class SourceNode<T> extends Node {
    private static final Logger LOG = LoggerFactory.getLogger(SourceNode.class);

    // log records; 1 and 2 are read from logs written before units were named without their location
    private static final byte LEGACY_REPLACE = 1;
    private static final byte LEGACY_REMOVE = 2;
    private static final byte EVENT = 3;
    private static final byte REPLACE = 4;
    private static final byte REMOVE = 5;
    private static final byte UNCHANGED = 6;
    private static final byte LOCATION = 7;
    private static final byte UPSERT = 8;
    private static final byte OFFSETS = 9;
    private static final byte REPLACE_STORED = 10;
    /**
     * A unit's rows of at least this many bytes are stored as they are read ({@link #storeRowsWhileReading})
     * and its log record names them; smaller ones stay in the record (an object less per small file).
     */
    static final int STORED_WHILE_READING_BYTES = 4096;

    private final InputConnector<T> connector;
    private final RowSchema<T> schema;
    private final String explicitId;
    private final boolean keyed;
    private String persistentId;
    private boolean keepRows = true;
    private boolean appendOnly;
    /** Set by a restore of an append-only source: rows restored (written before the declaration) are dropped at the first read. */
    private boolean dropRestoredRows;
    private boolean recording;
    private boolean finished;
    private long lastPoll = Long.MIN_VALUE;

    /** Where the units were read from; null before the first poll. */
    private String location;
    /** unit name → what was read. */
    private final Map<String, HeldUnit> units = new HashMap<>();
    private long nextArrival;
    private int nextUnitId;
    /** Set during the first poll after the location changed. */
    private LocationChange locationChange;
    /** The policy the rows shown were chosen by: the connector's, or a restored one until the first poll. */
    private DuplicateKeyPolicy activePolicy;
    /** Units that arrived at or after this one were read by the current poll. */
    private long pollArrival = Long.MAX_VALUE;
    private boolean replaying;

    private final SourceCounters counters = new SourceCounters();
    /** The rows read by polls, published to {@link #counters} per unit and per poll. */
    private long rowsRead;

    private final SourceRowCodec<T> codec;
    private final KeyConflicts<T> conflicts;
    private final RowOrigins<T> origins;
    private final KeyedUnitRows<T> keyedRows;
    private final EventRows<T> events;
    private final AppendedUnitRows<T> appendedRows;
    private final UpsertRows<T> upserts;
    /** The connector's own offsets as last reported (see {@link UnitChanges#offsets}), or null. */
    private byte[] offsets;
    private final List<byte[]> log = new ArrayList<>();
    private final BinaryWriter rowWriter = new BinaryWriter(1 << 16);
    private final BinaryWriter logWriter = new BinaryWriter(1 << 16);
    /** Where a unit's rows are stored as soon as they are read; null when they are held until the snapshot. */
    private UnitRows rowsWhileReading;

    public SourceNode(Graph graph, InputConnector<T> connector, String explicitId) {
        super(graph, "source:" + connector.kind());
        this.connector = connector;
        this.schema = connector.schema();
        this.explicitId = explicitId;
        this.keyed = schema.hasPrimaryKey();
        this.activePolicy = connector.duplicateKeys();
        this.codec = new SourceRowCodec<>(schema, this::persistentId);
        this.keyedRows = new KeyedUnitRows<>(codec::primaryKey, codec::rowsOf, units::values, this::emit);
        this.events = new EventRows<>(schema, codec::keyOf, this::emit);
        this.appendedRows = new AppendedUnitRows<>(keyed, codec::primaryKey, this::emit);
        this.upserts = new UpsertRows<>(schema, codec::primaryKey, this::emit);
        this.conflicts = new KeyConflicts<>(connector, schema, this::persistentId);
        this.origins = new RowOrigins<>(connector, codec, units::values, upserts::holds, events::holds);
    }

    public InputConnector<T> connector() {
        return connector;
    }

    public RowSchema<T> schema() {
        return schema;
    }

    /** The id given in code or by {@code @PersistentSource}, or null. */
    public String explicitId() {
        return explicitId;
    }

    /** The id under which this source is persisted; set when the run starts. */
    public String persistentId() {
        return persistentId;
    }

    public void assignPersistentId(String id) {
        this.persistentId = id;
    }

    /**
     * Declares that the source only ever adds rows (no event deleted, no unit changed): none of the
     * rows read is kept, only the units' positions, so its state and snapshots do not grow with what
     * it read. A unit that goes away is forgotten without retracting its rows; a unit that changes, or
     * an event deleted, is an error. No keys are kept either: with a primary key, duplicate keys are
     * found within a unit only, and a key repeated in another unit or by an event is inserted beside
     * the earlier row (see {@link AppendedUnitRows}).
     */
    public void declareAppendOnly() {
        this.appendOnly = true;
    }

    /** Whether the source was declared append-only. */
    public boolean appendOnly() {
        return appendOnly;
    }

    /**
     * Whether unit rows are kept for later retraction. A static run without persistence needs none,
     * unless the rows have a primary key: one row may then take the place of another read before.
     */
    public void keepRows(boolean keep) {
        this.keepRows = keep || keyed;
    }

    /** Whether the rows of units are kept for later retraction: never for an append-only source. */
    private boolean keepsRows() {
        return keepRows && !appendOnly;
    }

    /** Whether changes are recorded as log records for the write-ahead log. */
    public void recording(boolean record) {
        this.recording = record;
    }

    /**
     * Stores the rows of each unit read (of at least {@value #STORED_WHILE_READING_BYTES} bytes, encoded)
     * in {@code store} as soon as they are read, and keeps only their name: the unit's log record
     * names them ({@code REPLACE_STORED}) and a snapshot refers to them, so the memory a source holds
     * does not follow what it read. Null: rows are held in memory (and in their log record) until a
     * snapshot stores them. Only with {@linkplain #recording recording}; the store's writes must be
     * durable before the log or a snapshot naming them is committed.
     */
    public void storeRowsWhileReading(UnitRows store) {
        this.rowsWhileReading = store;
    }

    public boolean finished() {
        return finished;
    }

    /** Whether the source should be polled at {@code nowMillis}. */
    public boolean due(long nowMillis) {
        if (finished) {
            return false;
        }
        return lastPoll == Long.MIN_VALUE || nowMillis - lastPoll >= connector.pollInterval().toMillis();
    }

    /** When the source next wants a poll, in milliseconds of the same clock as {@link #due}. */
    public long nextPollAt() {
        return lastPoll == Long.MIN_VALUE ? Long.MIN_VALUE : lastPoll + connector.pollInterval().toMillis();
    }

    /** Asks the connector what changed and pushes the changes into the graph. */
    public void poll(long nowMillis) throws IOException {
        lastPoll = nowMillis;
        replaying = false;
        dropRestoredRowsOnce();
        DuplicateKeyPolicy wanted = connector.duplicateKeys();
        if (keyed && wanted != activePolicy) {
            keyedRows.adopt(activePolicy, wanted);      // the state was written under another policy
        }
        activePolicy = wanted;
        String current = connector.location();
        if (!current.equals(location)) {
            if (location != null) {
                locationChange = new LocationChange(location, current, units.size());
            }
            location = current;
            if (recording) {
                logWriter.reset();
                logWriter.writeByte(LOCATION);
                logWriter.writeString(current);
                log.add(logWriter.toByteArray());
            }
        }
        pollArrival = nextArrival;
        counters.pollStarted();
        try {
            connector.poll(knownUnits(), changes());
            counters.pollEnded(rowsRead);
            if (locationChange != null) {
                locationChange.log(persistentId);
            }
        } finally {
            locationChange = null;
        }
        if (!connector.streaming()) {
            finished = true;
        }
    }

    /** What the source has read, for progress and metrics; readable from any thread. */
    public SourceCounters counters() {
        return counters;
    }

    /** The log records made since the last call, in order. */
    public List<byte[]> drainLog() {
        if (log.isEmpty()) {
            return List.of();
        }
        List<byte[]> drained = new ArrayList<>(log);
        log.clear();
        return drained;
    }

    /**
     * Tells the connector that everything it reported so far is committed (see
     * {@link InputConnector#committed}); a failure is logged, since nothing depends on it.
     */
    public void committed() {
        try {
            connector.committed(offsets == null ? null : offsets.clone());
        } catch (RuntimeException e) {
            LOG.warn("source \"{}\": cannot acknowledge the committed offsets: {}", sourceName(), e.toString());
        }
    }

    /** The location this source read last, as a set of one (empty before the first read). */
    public Set<String> locations() {
        return location == null ? Set.of() : Set.of(location);
    }

    @Override
    protected void push(int port, Changes changes) {
        throw new IllegalStateException("a source has no inputs");
    }

    // ---- changes ----

    private UnitChanges<T> changes() {
        return new UnitChanges<>() {
            @Override
            public void replace(String unit, byte[] position, List<T> rows) {
                replace(unit, position, rows, null);
            }

            @Override
            public void replace(String unit, byte[] position, List<T> rows, IntToLongFunction lineOfRow) {
                rowsRead += rows.size();
                counters.unitRead(rowsRead);
                if (locationChange != null) {
                    locationChange.replaced(units.containsKey(unit));
                }
                byte[] lines = RowLines.encode(lineOfRow, rows.size());
                long seed = codec.seed(unit);
                if (!keepsRows() && !recording) {
                    applyReplace(unit, position, rows.size(), lines, seed, rows, null, 0, 0, null);
                    return;
                }
                rowWriter.reset();
                codec.encodeAll(rows, rowWriter);
                if (!recording) {
                    applyReplace(unit, position, rows.size(), lines, seed, rows, rowWriter.toByteArray(), 0, rowWriter.size(), null);
                    return;
                }
                if (rowsWhileReading != null && rowWriter.size() >= STORED_WHILE_READING_BYTES) {
                    // encoded once, stored once: the log record and every snapshot after it name the object
                    String stored = rowsWhileReading.save(persistentId, rowWriter.buffer(), 0, rowWriter.size());
                    logWriter.reset();
                    logWriter.writeByte(REPLACE_STORED);
                    logWriter.writeString(unit);
                    logWriter.writeBytes(position);
                    logWriter.writeLength(rows.size());
                    logWriter.writeBytes(lines == null ? new byte[0] : lines);
                    logWriter.writeString(stored);
                    log.add(logWriter.toByteArray());
                    applyReplace(unit, position, rows.size(), lines, seed, rows, null, 0, 0, stored);
                    return;
                }
                // the log record ends with the rows; the unit keeps that slice of it rather than a copy
                logWriter.reset();
                logWriter.writeByte(REPLACE);
                logWriter.writeString(unit);
                logWriter.writeBytes(position);
                logWriter.writeLength(rows.size());
                logWriter.writeBytes(lines == null ? new byte[0] : lines);
                logWriter.writeLength(rowWriter.size());
                int offset = logWriter.size();
                logWriter.writeRaw(rowWriter.buffer(), 0, rowWriter.size());
                byte[] record = logWriter.toByteArray();
                log.add(record);
                applyReplace(unit, position, rows.size(), lines, seed, rows, record, offset, rowWriter.size(), null);
            }

            @Override
            public void unchanged(String unit, byte[] position) {
                HeldUnit held = units.get(unit);
                if (held == null) {
                    return;
                }
                if (locationChange != null) {
                    locationChange.unchanged();
                }
                held.position = position;
                if (recording) {
                    logWriter.reset();
                    logWriter.writeByte(UNCHANGED);
                    logWriter.writeString(unit);
                    logWriter.writeBytes(position);
                    log.add(logWriter.toByteArray());
                }
            }

            @Override
            public void remove(String unit) {
                if (locationChange != null && units.containsKey(unit)) {
                    locationChange.removed();
                }
                applyRemove(unit);
                if (recording) {
                    logWriter.reset();
                    logWriter.writeByte(REMOVE);
                    logWriter.writeString(unit);
                    log.add(logWriter.toByteArray());
                }
            }

            @Override
            public void pending(int units, long bytes) {
                counters.pending(units, bytes);
            }

            @Override
            public void read(long bytes) {
                counters.bytesRead(bytes);
            }

            @Override
            public void event(T row, int diff) {
                if (diff != 1 && diff != -1) {
                    throw new IllegalArgumentException("source " + persistentId + ": an event inserts (+1) or deletes (-1) one row, not " + diff);
                }
                if (diff > 0) {
                    rowsRead++;
                }
                applyEvent(row, diff);
                if (recording) {
                    logWriter.reset();
                    logWriter.writeByte(EVENT);
                    logWriter.writeInt(diff);
                    schema.encode(row, logWriter);
                    log.add(logWriter.toByteArray());
                }
            }

            @Override
            public void upsert(byte[] key, T row) {
                long messageKey = KeyHasher.hash(key, key.length);
                if (row != null) {
                    rowsRead++;
                }
                applyUpsert(messageKey, row);
                if (recording) {
                    logWriter.reset();
                    logWriter.writeByte(UPSERT);
                    logWriter.writeFixedLong(messageKey);
                    logWriter.writeBoolean(row != null);
                    if (row != null) {
                        schema.encode(row, logWriter);
                    }
                    log.add(logWriter.toByteArray());
                }
            }

            @Override
            public void offsets(byte[] newOffsets) {
                offsets = newOffsets.clone();
                if (recording) {
                    logWriter.reset();
                    logWriter.writeByte(OFFSETS);
                    logWriter.writeBytes(offsets);
                    log.add(logWriter.toByteArray());
                }
            }
        };
    }

    /**
     * A unit read: its rows are {@code rows} (when decoded already) or {@code data[offset, offset + length)};
     * the unit keeps the name {@code stored} of its stored rows when there is one, else that slice.
     */
    private void applyReplace(String name, byte[] position, int count, byte[] lines, long seed, List<T> rows,
                              byte[] data, int offset, int length, String stored) {
        if (appendOnly) {
            applyAppendedReplace(name, position, count, lines, seed, rows, data, offset, length);
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
        unit.time = graph().time();
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
            for (int i = alreadyRead; i < inserted.size(); i++) {
                emit(KeyHasher.combine(seed, i), inserted.get(i), 1);
            }
        }
        deliver();
    }

    /**
     * A unit read by an append-only source: inserted, then only its position is kept (not its rows,
     * nor their lines). One read before is an error: its rows were not kept to be retracted.
     */
    private void applyAppendedReplace(String name, byte[] position, int count, byte[] lines, long seed, List<T> rows,
                                      byte[] data, int offset, int length) {
        if (units.containsKey(name)) {
            throw new InputException("source \"" + sourceName() + "\" is append-only, but " + name + " ("
                    + connector.origin(name) + ") changed after it was read: its earlier rows were not kept, so they"
                    + " cannot be retracted. Add new files instead of changing one (write aside, then rename), or read"
                    + " the source without appendOnly()");
        }
        HeldUnit unit = new HeldUnit(name, nextUnitId++, nextArrival++, seed, position, count, null);
        unit.time = graph().time();
        units.put(name, unit);
        List<T> inserted = rows != null ? rows : codec.decodeAll(new BinaryReader(data, offset, length), count);
        AppendedUnitRows.Rejection rejection = replaying ? null : (later, earlier) -> conflicts.rejectRowOfUnit(name, later,
                RowLines.line(lines, later), inserted.get(later), connector.origin(name), earlier, RowLines.line(lines, earlier));
        appendedRows.insert(inserted, seed, activePolicy, rejection);
        deliver();
    }

    private void applyRemove(String name) {
        if (appendOnly) {
            // an append-only source's rows stay when their unit is cleaned up; only its position is forgotten
            if (units.remove(name) != null) {
                LOG.debug("source \"{}\": {} is gone; as the source is append-only, its rows stay", sourceName(), name);
            }
            return;
        }
        if (keyed) {
            keyedRows.prepare();
        }
        HeldUnit old = units.remove(name);
        if (old != null) {
            retract(old);
            deliver();
        }
    }

    /** Retracts the rows of a unit; returns how many of its rows count as read without them (positions only). */
    private int retract(HeldUnit old) {
        if (!old.hasRows()) {
            // only positions were kept (offsets-only state, or a static run without persistence)
            LOG.warn("source \"{}\": {} changed, but only its position was kept, not its rows: its first {} row(s) count"
                    + " as read before and are neither retracted nor read again; the rows after them are read as new",
                    persistentId, connector.origin(old.name), old.count);
            keyedRows.forget(old);
            return old.count;
        }
        List<T> rows = codec.rowsOf(old);
        if (keyed) {
            keyedRows.retracted(old, rows, activePolicy);
            return 0;
        }
        for (int i = 0; i < rows.size(); i++) {
            emit(KeyHasher.combine(old.seed, i), rows.get(i), -1);
        }
        return 0;
    }

    /**
     * Ends the poll (or the replay of one): settles the keys whose rows changed in conflict, rejecting
     * (under REJECT) the rows read by this poll whose key an earlier row holds.
     */
    @Override
    protected void flush(long time) {
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
    private void applyEvent(T row, int diff) {
        if (appendOnly) {
            // nothing is kept: an append-only source never retracts what it inserted
            if (diff < 0) {
                throw new IllegalArgumentException("source \"" + sourceName() + "\" is append-only: it cannot delete " + row
                        + ". Insert rows only, or create the table without appendOnly()");
            }
            emit(codec.keyOf(row), row, 1);
        } else {
            events.apply(row, diff, activePolicy, persistentId, graph().time());
        }
        deliver();
    }

    /** The row of the message key hashed to {@code messageKey} is now {@code row}, or none when it is null. */
    private void applyUpsert(long messageKey, T row) {
        if (appendOnly) {
            throw new IllegalArgumentException("source \"" + sourceName() + "\" is append-only: it cannot take keyed changes"
                    + " (upsert), which replace or delete the row of their key. Read the source in append mode, or create the"
                    + " table without appendOnly()");
        }
        upserts.apply(messageKey, row, activePolicy, graph().time(), replaying ? null : conflicts::rejectUpsert);
        deliver();
    }

    /** The source's name for messages: its persistent id, or the id given in code before the run assigns one. */
    private String sourceName() {
        return persistentId != null ? persistentId : explicitId;
    }

    /**
     * Where a row with this key came from, for an error about it: the unit, and the line (or the
     * row's position, 1-based) it was read from; or a pushed row; null if no row of this source has
     * that key. Runs only on the error path: it looks through every unit the source holds.
     */
    public String describeRow(long key) {
        String source = "source \"" + (persistentId != null ? persistentId : explicitId != null ? explicitId : connector.kind()) + "\"";
        return origins.describe(key, source);
    }

    private KnownUnits knownUnits() {
        return new KnownUnits() {
            @Override
            public Set<String> units() {
                // a copy: the connector reports removals while it walks the units
                return Set.copyOf(units.keySet());
            }

            @Override
            public byte[] position(String unit) {
                HeldUnit held = units.get(unit);
                return held == null ? null : held.position;
            }

            @Override
            public byte[] offsets() {
                return offsets == null ? null : offsets.clone();
            }
        };
    }

    // ---- persistence ----

    /** Applies a record of the write-ahead log as it was applied when it was made. */
    public void replay(byte[] record) {
        replaying = true;
        dropRestoredRowsOnce();
        BinaryReader in = new BinaryReader(record);
        byte type = (byte) in.readByte();
        switch (type) {
            case REPLACE -> {
                String unit = in.readString();
                byte[] position = in.readBytes();
                int count = in.readLength(0);
                byte[] lines = in.readBytes();
                byte[] rows = codec.transcode(in.readBytes(), count);
                applyReplace(unit, position, count, lines.length == 0 ? null : lines, codec.seed(unit), null, rows, 0, rows.length, null);
            }
            case REPLACE_STORED -> {
                String unit = in.readString();
                byte[] position = in.readBytes();
                int count = in.readLength(0);
                byte[] lines = in.readBytes();
                String stored = in.readString();
                byte[] loaded = codec.loadStored(stored);
                byte[] rows = codec.transcode(loaded, count);
                // rows migrated to another schema are held in their new layout, not under the old object's name
                applyReplace(unit, position, count, lines.length == 0 ? null : lines, codec.seed(unit), null, rows, 0, rows.length,
                        rows == loaded ? stored : null);
            }
            case REMOVE -> applyRemove(in.readString());
            case UNCHANGED -> {
                HeldUnit held = units.get(in.readString());
                byte[] position = in.readBytes();
                if (held != null) {
                    held.position = position;
                }
            }
            case LOCATION -> location = in.readString();
            case UPSERT -> {
                long messageKey = in.readFixedLong();
                applyUpsert(messageKey, in.readBoolean() ? codec.readRow(in) : null);
            }
            case OFFSETS -> offsets = in.readBytes();
            case EVENT -> {
                int diff = in.readInt();
                applyEvent(codec.readRow(in), diff);
            }
            case LEGACY_REPLACE -> {
                String recordLocation = in.readString();
                String unit = in.readString();
                byte[] position = in.readBytes();
                int count = in.readLength(0);
                byte[] rows = codec.transcode(in.readBytes(), count);
                applyReplace(legacyName(recordLocation, unit), position, count, null,
                        SourceSnapshot.legacySeed(recordLocation, unit), null, rows, 0, rows.length, null);
            }
            case LEGACY_REMOVE -> {
                String recordLocation = in.readString();
                applyRemove(legacyName(recordLocation, in.readString()));
            }
            default -> throw new CodecException("unknown log record type " + type);
        }
    }

    /** The name under which a unit of a version-1 log record is held (see {@link SourceSnapshot#legacyName}). */
    private String legacyName(String unitLocation, String unit) {
        if (location == null) {
            location = unitLocation;
        }
        return SourceSnapshot.legacyName(unitLocation, location, unit);
    }

    /**
     * Inserts again every row the source holds, as if read now: rebuilds the state of operators
     * that have no usable snapshot from the restored input.
     */
    public void reemitAll() {
        warnIfRowsNotKept();
        if (keyed) {
            keyedRows.reemit(activePolicy);
            deliver();
        } else {
            for (HeldUnit unit : units.values()) {
                if (!unit.hasRows()) {
                    continue;
                }
                List<T> rows = codec.rowsOf(unit);
                for (int i = 0; i < rows.size(); i++) {
                    emit(KeyHasher.combine(unit.seed, i), rows.get(i), 1);
                }
                deliver();
            }
        }
        events.reemit();
        upserts.reemit();
        deliver();
    }

    private void warnIfRowsNotKept() {
        if (appendOnly) {
            LOG.warn("source \"{}\" is append-only and keeps none of the rows it read: the operators rebuilt from the input get"
                    + " only the rows it reads from now on", sourceName());
        }
    }

    /** The logical times of the batches that read what the source holds (units, event rows, keyed changes), in order. */
    public SortedSet<Long> readTimes() {
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

    /**
     * Inserts again the rows held that the batch at {@code time} read: replaying them time by time
     * reproduces the batches of what the source holds ({@code SPEEDRUN_REPLAY} from a snapshot).
     */
    public void reemitReadAt(long time) {
        for (HeldUnit unit : units.values()) {
            if (!unit.hasRows() || unit.time != time) {
                continue;
            }
            if (keyed) {
                keyedRows.reemit(unit, activePolicy);
            } else {
                List<T> rows = codec.rowsOf(unit);
                for (int i = 0; i < rows.size(); i++) {
                    emit(KeyHasher.combine(unit.seed, i), rows.get(i), 1);
                }
            }
            deliver();
        }
        events.reemitAt(time);
        upserts.reemitAt(time);
        deliver();
    }

    /**
     * Reads the state and log written with another version of the schema: {@code reader} reads one
     * row in the old layout and returns it in the new one. Null when recovery is over.
     */
    public void migrateFrom(Function<BinaryReader, T> reader) {
        codec.migrateFrom(reader);
    }

    /** Writes what the source holds, rows inline: every unit with its position and rows, the event rows and the keyed changes' rows. */
    public void snapshot(BinaryWriter out) {
        snapshot(out, true, null);
    }

    /**
     * Writes what the source holds (see {@link SourceSnapshot} for the layout). Without rows, only the
     * units' positions and the connector's offsets (enough to resume reading where the source stopped,
     * not to retract what it read). With a store, each unit's rows are saved there once and the snapshot names them; rows
     * saved are then dropped from memory, and loaded back only if the unit is retracted.
     */
    public void snapshot(BinaryWriter out, boolean withRows, UnitRows store) {
        SourceSnapshot.writeHeader(out, location, activePolicy, nextArrival, offsets, units.size());
        for (HeldUnit unit : units.values()) {
            SourceSnapshot.writeUnit(out, unit, withRows, store, persistentId, codec::load);
        }
        events.snapshot(out, withRows);
        upserts.snapshot(out, withRows);
    }

    /** Where rows named by a restored snapshot are loaded from. */
    public void storedRows(UnitRows store) {
        codec.storedRows(store);
    }

    /**
     * Drops the rows restored, keeping only the units' positions: a run that persists positions only
     * resumes reading where the source stopped without replaying what it read before.
     */
    public void forgetRows() {
        dropRestoredRows = false;
        for (HeldUnit unit : units.values()) {
            unit.data = null;
            unit.stored = null;
        }
        events.clear();
        upserts.clear();
        keyedRows.reset();
    }

    /** Restores what {@link #snapshot} wrote, without emitting anything (the operators are restored too). */
    public void restore(BinaryReader in) {
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
            HeldUnit unit = new HeldUnit(record.name(), nextUnitId++, record.arrival(), record.seed(), record.position(),
                    record.count(), record.lines());
            unit.time = record.time();
            unit.data = record.data();
            unit.length = record.data() == null ? 0 : record.data().length;
            unit.stored = record.stored();
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
