package dev.tideway.engine;

import dev.tideway.engine.input.InputConnector;
import dev.tideway.engine.input.KnownUnits;
import dev.tideway.engine.input.UnitChanges;
import dev.tideway.schema.BinaryReader;
import dev.tideway.schema.BinaryWriter;
import dev.tideway.schema.RowSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The input of the dataflow: turns what a connector reports into row changes, and keeps the rows of
 * every unit (encoded, a few bytes a row) so that a modified or deleted unit can be retracted.
 *
 * <p>Row keys come from the {@code @PrimaryKey} components, or else from the unit and the row's
 * position in it; a keyed change ({@link UnitChanges#upsert}) keys its row by the message key. Every
 * change it makes is also recorded as a log record, which persistence writes to the source's
 * write-ahead log and can {@linkplain #replay replay}; so are the connector's own offsets
 * ({@link UnitChanges#offsets}), which are thus committed with the changes they cover.
 *
 * @param <T> the row type
 */
public final class SourceNode<T> extends Node {
    private static final Logger LOG = LoggerFactory.getLogger(SourceNode.class);
    private static final byte REPLACE = 1;
    private static final byte REMOVE = 2;
    private static final byte EVENT = 3;
    private static final byte UPSERT = 4;
    private static final byte OFFSETS = 5;

    private final InputConnector<T> connector;
    private final RowSchema<T> schema;
    private final String explicitId;
    private String persistentId;
    private boolean keepRows = true;
    private boolean recording;
    private boolean finished;
    private long lastPoll = Long.MIN_VALUE;

    /** location → unit → what was read. */
    private final Map<String, Map<String, UnitState>> units = new HashMap<>();
    /** Rows inserted by {@link UnitChanges#event}, by key; rows sharing a key are told apart by content. */
    private final Map<Long, List<EventRow>> events = new LinkedHashMap<>();
    /** Rows of keyed changes ({@link UnitChanges#upsert}), by the hash of their message key. */
    private final Map<Long, KeyedRow> keyed = new LinkedHashMap<>();
    /** The connector's own offsets as last reported (see {@link UnitChanges#offsets}), or null. */
    private byte[] offsets;
    private final List<byte[]> log = new ArrayList<>();
    private final BinaryWriter rowWriter = new BinaryWriter(1 << 16);
    private final BinaryWriter keyWriter = new BinaryWriter();
    private final BinaryWriter logWriter = new BinaryWriter(1 << 16);
    /** While recovering state written with an older schema: reads a row in the old layout. */
    private Function<BinaryReader, T> oldRows;
    /** Where persisted unit rows are loaded from; null without persistence. */
    private UnitRows storedRows;

    private static final byte NO_ROWS = 0;
    private static final byte STORED_ROWS = 1;
    private static final byte INLINE_ROWS = 2;
    /** Marks the section after the event rows that holds when each unit and event row was read. */
    private static final byte READ_TIMES = 1;
    /** Marks the section after the read times that holds the source's offsets and keyed rows. */
    private static final byte OFFSETS_AND_KEYED_ROWS = 2;

    /**
     * A unit's position and its rows, encoded: in memory as a slice of {@code data} (when recording,
     * the unit's log record, so rows are encoded and held once), and once persisted under the name
     * {@code stored}, from which they are loaded when needed.
     */
    private static final class UnitState {
        final byte[] position;
        final int count;
        byte[] data;
        int offset;
        int length;
        String stored;
        /** The logical time of the batch that read the unit (0 if unknown: a state written before times were kept). */
        long time;

        UnitState(byte[] position, int count, byte[] data, int offset, int length) {
            this.position = position;
            this.count = count;
            this.data = data;
            this.offset = offset;
            this.length = length;
        }

        boolean hasRows() {
            return data != null || stored != null;
        }
    }

    private static final class EventRow {
        final Object row;
        int count;
        /** The logical time of each insertion still held, oldest first ({@code count} of them). */
        long[] times = new long[1];

        EventRow(Object row) {
            this.row = row;
        }

        void inserted(long time) {
            if (count == times.length) {
                times = java.util.Arrays.copyOf(times, count * 2);
            }
            times[count++] = time;
        }
    }

    /** A row of a keyed change, with the logical time of the batch that read it. */
    private record KeyedRow(Object row, long time) {}

    public SourceNode(Graph graph, InputConnector<T> connector, String explicitId) {
        super(graph, "source:" + connector.kind());
        this.connector = connector;
        this.schema = connector.schema();
        this.explicitId = explicitId;
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

    /** Whether unit rows are kept for later retraction. A static run without persistence needs none. */
    public void keepRows(boolean keep) {
        this.keepRows = keep;
    }

    /** Whether changes are recorded as log records for the write-ahead log. */
    public void recording(boolean record) {
        this.recording = record;
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
        connector.poll(knownUnits(), changes());
        if (!connector.streaming()) {
            finished = true;
        }
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
            LOG.warn("source \"{}\": cannot acknowledge the committed offsets: {}", persistentId, e.toString());
        }
    }

    /** The locations this source has read from, the current one included once it was read. */
    public Set<String> locations() {
        return Collections.unmodifiableSet(units.keySet());
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
                if (!keepRows && !recording) {
                    applyReplace(connector.location(), unit, position, rows, rows.size(), null, 0, 0);
                    return;
                }
                rowWriter.reset();
                for (T row : rows) {
                    schema.encode(row, rowWriter);
                }
                if (!recording) {
                    applyReplace(connector.location(), unit, position, rows, rows.size(), rowWriter.toByteArray(), 0, rowWriter.size());
                    return;
                }
                // the log record ends with the rows; the unit keeps that slice of it rather than a copy
                logWriter.reset();
                logWriter.writeByte(REPLACE);
                logWriter.writeString(connector.location());
                logWriter.writeString(unit);
                logWriter.writeBytes(position);
                logWriter.writeLength(rows.size());
                logWriter.writeLength(rowWriter.size());
                int offset = logWriter.size();
                logWriter.writeRaw(rowWriter.buffer(), 0, rowWriter.size());
                byte[] record = logWriter.toByteArray();
                log.add(record);
                applyReplace(connector.location(), unit, position, rows, rows.size(), keepRows ? record : null, offset, rowWriter.size());
            }

            @Override
            public void remove(String unit) {
                applyRemove(connector.location(), unit);
                if (recording) {
                    logWriter.reset();
                    logWriter.writeByte(REMOVE);
                    logWriter.writeString(connector.location());
                    logWriter.writeString(unit);
                    log.add(logWriter.toByteArray());
                }
            }

            @Override
            public void event(T row, int diff) {
                if (diff != 1 && diff != -1) {
                    throw new IllegalArgumentException("source " + persistentId + ": an event inserts (+1) or deletes (-1) one row, not " + diff);
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
                long hash = KeyHasher.hash(key, key.length);
                applyUpsert(hash, row);
                if (recording) {
                    logWriter.reset();
                    logWriter.writeByte(UPSERT);
                    logWriter.writeLong(hash);
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

    /** Retracts the row held under {@code key}, if any, and inserts {@code row} unless it is null. */
    private void applyUpsert(long key, T row) {
        KeyedRow old = row == null ? keyed.remove(key) : keyed.put(key, new KeyedRow(row, graph().time()));
        if (old != null) {
            emit(key, old.row(), -1);
        }
        if (row != null) {
            emit(key, row, 1);
        }
        deliver();
    }

    private void applyReplace(String location, String unit, byte[] position, List<T> rows, int count, byte[] data, int offset,
                              int length) {
        Map<String, UnitState> held = units.computeIfAbsent(location, l -> new HashMap<>());
        UnitState old = held.remove(unit);
        // Without the rows read before (positions only), the rows they were are taken as read, as
        // from an offset: a file that grew is read on after them (Pathway's OFFSETS_ONLY).
        int alreadyRead = old == null ? 0 : retract(location, unit, old);
        long unitHash = unitHash(location, unit);
        if (rows != null) {
            for (int i = alreadyRead; i < rows.size(); i++) {
                T row = rows.get(i);
                emit(keyOf(row, unitHash, i), row, 1);
            }
        } else {
            BinaryReader in = new BinaryReader(data, offset, length);
            for (int i = 0; i < count; i++) {
                T row = schema.decode(in);
                if (i >= alreadyRead) {
                    emit(keyOf(row, unitHash, i), row, 1);
                }
            }
        }
        UnitState state = new UnitState(position, count, keepRows ? data : null, offset, length);
        state.time = graph().time();
        held.put(unit, state);
        deliver();
    }

    private void applyRemove(String location, String unit) {
        Map<String, UnitState> held = units.get(location);
        UnitState old = held == null ? null : held.remove(unit);
        if (old != null) {
            retract(location, unit, old);
            deliver();
        }
    }

    /** Retracts the rows of a unit; returns how many of its rows count as read without them (positions only). */
    private int retract(String location, String unit, UnitState old) {
        if (!old.hasRows()) {
            // only positions were kept (offsets-only state, or a static run without persistence)
            LOG.warn("source \"{}\": {} changed, but only its position was kept, not its rows: its first {} row(s) count"
                    + " as read before and are neither retracted nor read again; the rows after them are read as new",
                    persistentId, unit, old.count);
            return old.count;
        }
        long unitHash = unitHash(location, unit);
        BinaryReader in = rowsOf(old);
        for (int i = 0; i < old.count; i++) {
            T row = schema.decode(in);
            emit(keyOf(row, unitHash, i), row, -1);
        }
        return 0;
    }

    private void applyEvent(T row, int diff) {
        long key = keyOf(row);
        List<EventRow> held = events.computeIfAbsent(key, k -> new ArrayList<>(1));
        EventRow match = null;
        for (EventRow candidate : held) {
            if (RowEquality.equal(candidate.row, row)) {
                match = candidate;
                break;
            }
        }
        if (diff > 0) {
            if (match == null) {
                match = new EventRow(row);
                held.add(match);
            }
            match.inserted(graph().time());
            emit(key, row, 1);
        } else {
            if (match == null) {
                if (held.isEmpty()) {
                    events.remove(key);
                }
                throw new IllegalArgumentException("source " + persistentId + ": cannot delete " + row + ": no such row was inserted");
            }
            if (--match.count == 0) {
                held.remove(match);
                if (held.isEmpty()) {
                    events.remove(key);
                }
            }
            emit(key, match.row, -1);
        }
        deliver();
    }

    private long keyOf(T row, long unitHash, int index) {
        if (schema.hasPrimaryKey()) {
            return primaryKey(row);
        }
        return KeyHasher.combine(unitHash, index);
    }

    /** The key of a row not tied to a unit: its primary key, or else a hash of its content. */
    private long keyOf(T row) {
        if (schema.hasPrimaryKey()) {
            return primaryKey(row);
        }
        keyWriter.reset();
        schema.encode(row, keyWriter);
        return KeyHasher.hash(keyWriter.buffer(), keyWriter.size());
    }

    private long primaryKey(T row) {
        keyWriter.reset();
        schema.writeKey(row, keyWriter);
        return KeyHasher.hash(keyWriter.buffer(), keyWriter.size());
    }

    private static long unitHash(String location, String unit) {
        byte[] bytes = (location + '\u0000' + unit).getBytes(StandardCharsets.UTF_8);
        return KeyHasher.hash(bytes, bytes.length);
    }

    private KnownUnits knownUnits() {
        Map<String, UnitState> held = units.getOrDefault(connector.location(), Map.of());
        return new KnownUnits() {
            @Override
            public Set<String> units() {
                // a copy: the connector reports removals while it walks the units
                return Set.copyOf(held.keySet());
            }

            @Override
            public byte[] position(String unit) {
                UnitState state = held.get(unit);
                return state == null ? null : state.position;
            }

            @Override
            public byte[] offsets() {
                return offsets == null ? null : offsets.clone();
            }
        };
    }

    // ---- persistence ----

    /** Applies a record of the write-ahead log as it was applied when it was made. */
    @SuppressWarnings("unchecked")
    public void replay(byte[] record) {
        BinaryReader in = new BinaryReader(record);
        byte type = (byte) in.readByte();
        switch (type) {
            case REPLACE -> {
                String location = in.readString();
                String unit = in.readString();
                byte[] position = in.readBytes();
                int count = in.readLength(0);
                byte[] rows = transcode(in.readBytes(), count);
                applyReplace(location, unit, position, null, count, rows, 0, rows.length);
            }
            case REMOVE -> applyRemove(in.readString(), in.readString());
            case EVENT -> {
                int diff = in.readInt();
                applyEvent(readRow(in), diff);
            }
            case UPSERT -> {
                long key = in.readLong();
                applyUpsert(key, in.readBoolean() ? readRow(in) : null);
            }
            case OFFSETS -> offsets = in.readBytes();
            default -> throw new dev.tideway.schema.CodecException("unknown log record type " + type);
        }
    }

    /**
     * Inserts again every row the source holds, as if read now: rebuilds the state of operators
     * that have no usable snapshot from the restored input.
     */
    @SuppressWarnings("unchecked")
    public void reemitAll() {
        for (Map.Entry<String, Map<String, UnitState>> location : units.entrySet()) {
            for (Map.Entry<String, UnitState> unit : location.getValue().entrySet()) {
                UnitState state = unit.getValue();
                if (!state.hasRows()) {
                    continue;
                }
                long unitHash = unitHash(location.getKey(), unit.getKey());
                BinaryReader in = rowsOf(state);
                for (int i = 0; i < state.count; i++) {
                    T row = schema.decode(in);
                    emit(keyOf(row, unitHash, i), row, 1);
                }
                deliver();
            }
        }
        for (Map.Entry<Long, List<EventRow>> entry : events.entrySet()) {
            for (EventRow row : entry.getValue()) {
                for (int n = 0; n < row.count; n++) {
                    emit(entry.getKey(), row.row, 1);
                }
            }
        }
        keyed.forEach((key, row) -> emit(key, row.row(), 1));
        deliver();
    }

    /** The logical times of the batches that read what the source holds (units and event rows), in order. */
    public java.util.SortedSet<Long> readTimes() {
        java.util.SortedSet<Long> times = new java.util.TreeSet<>();
        for (Map<String, UnitState> held : units.values()) {
            for (UnitState state : held.values()) {
                if (state.hasRows()) {
                    times.add(state.time);
                }
            }
        }
        for (List<EventRow> rows : events.values()) {
            for (EventRow row : rows) {
                for (int n = 0; n < row.count; n++) {
                    times.add(row.times[n]);
                }
            }
        }
        keyed.values().forEach(row -> times.add(row.time()));
        return times;
    }

    /**
     * Inserts again the rows held that the batch at {@code time} read: replaying them time by time
     * reproduces the batches of what the source holds ({@code SPEEDRUN_REPLAY} from a snapshot).
     */
    public void reemitReadAt(long time) {
        for (Map.Entry<String, Map<String, UnitState>> location : units.entrySet()) {
            for (Map.Entry<String, UnitState> unit : location.getValue().entrySet()) {
                UnitState state = unit.getValue();
                if (!state.hasRows() || state.time != time) {
                    continue;
                }
                long unitHash = unitHash(location.getKey(), unit.getKey());
                BinaryReader in = rowsOf(state);
                for (int i = 0; i < state.count; i++) {
                    T row = schema.decode(in);
                    emit(keyOf(row, unitHash, i), row, 1);
                }
                deliver();
            }
        }
        for (Map.Entry<Long, List<EventRow>> entry : events.entrySet()) {
            for (EventRow row : entry.getValue()) {
                for (int n = 0; n < row.count; n++) {
                    if (row.times[n] == time) {
                        emit(entry.getKey(), row.row, 1);
                    }
                }
            }
        }
        keyed.forEach((key, row) -> {
            if (row.time() == time) {
                emit(key, row.row(), 1);
            }
        });
        deliver();
    }

    /**
     * Reads the state and log written with another version of the schema: {@code reader} reads one
     * row in the old layout and returns it in the new one. Null when recovery is over.
     */
    public void migrateFrom(Function<BinaryReader, T> reader) {
        this.oldRows = reader;
    }

    private T readRow(BinaryReader in) {
        return oldRows == null ? schema.decode(in) : oldRows.apply(in);
    }

    private byte[] transcode(byte[] rows, int count) {
        if (oldRows == null || rows == null) {
            return rows;
        }
        BinaryReader in = new BinaryReader(rows);
        BinaryWriter out = new BinaryWriter(rows.length + 16);
        for (int i = 0; i < count; i++) {
            schema.encode(oldRows.apply(in), out);
        }
        in.requireEnd();
        return out.toByteArray();
    }

    /** Writes what the source holds, rows inline: every unit with its position and rows, and the event rows. */
    public void snapshot(BinaryWriter out) {
        snapshot(out, true, null);
    }

    /**
     * Writes what the source holds. Without rows, only the units' positions (enough to resume reading
     * where the source stopped, not to retract what it read). With a store, each unit's rows are saved
     * there once and the snapshot names them; rows saved are then dropped from memory, and loaded back
     * only if the unit is retracted.
     */
    public void snapshot(BinaryWriter out, boolean withRows, UnitRows store) {
        out.writeLength(units.size());
        for (Map.Entry<String, Map<String, UnitState>> location : units.entrySet()) {
            out.writeString(location.getKey());
            out.writeLength(location.getValue().size());
            for (Map.Entry<String, UnitState> unit : location.getValue().entrySet()) {
                UnitState state = unit.getValue();
                out.writeString(unit.getKey());
                out.writeBytes(state.position);
                out.writeLength(state.count);
                if (!withRows || !state.hasRows()) {
                    out.writeByte(NO_ROWS);
                } else if (store != null) {
                    if (state.stored == null) {
                        state.stored = store.save(persistentId, state.data, state.offset, state.length);
                    } else {
                        store.retain(state.stored);
                    }
                    state.data = null;
                    out.writeByte(STORED_ROWS);
                    out.writeString(state.stored);
                } else {
                    rowsOf(state);
                    out.writeByte(INLINE_ROWS);
                    out.writeLength(state.length);
                    out.writeRaw(state.data, state.offset, state.length);
                }
            }
        }
        List<EventRow> eventRows = new ArrayList<>();
        if (withRows) {
            events.values().forEach(eventRows::addAll);
        }
        out.writeLength(eventRows.size());
        for (EventRow row : eventRows) {
            out.writeLength(row.count);
            schema.encode(schema.type().cast(row.row), out);
        }
        // when each was read, after everything else, so that a state written before holds none
        out.writeByte(READ_TIMES);
        for (Map<String, UnitState> held : units.values()) {
            for (UnitState state : held.values()) {
                out.writeLong(state.time);
            }
        }
        for (EventRow row : eventRows) {
            for (int n = 0; n < row.count; n++) {
                out.writeLong(row.times[n]);
            }
        }
        // the offsets (kept with positions only, too) and the keyed rows, after the read times
        out.writeByte(OFFSETS_AND_KEYED_ROWS);
        out.writeBoolean(offsets != null);
        if (offsets != null) {
            out.writeBytes(offsets);
        }
        out.writeLength(withRows ? keyed.size() : 0);
        if (withRows) {
            for (Map.Entry<Long, KeyedRow> entry : keyed.entrySet()) {
                out.writeLong(entry.getKey());
                out.writeLong(entry.getValue().time());
                schema.encode(schema.type().cast(entry.getValue().row()), out);
            }
        }
    }

    /** Where rows named by a restored snapshot are loaded from. */
    public void storedRows(UnitRows store) {
        this.storedRows = store;
    }

    private BinaryReader rowsOf(UnitState state) {
        if (state.data == null) {
            if (storedRows == null) {
                throw new IllegalStateException("source " + persistentId + ": rows stored as " + state.stored + " but no store to load them from");
            }
            state.data = storedRows.load(state.stored);
            state.offset = 0;
            state.length = state.data.length;
        }
        return new BinaryReader(state.data, state.offset, state.length);
    }

    /**
     * Drops the rows restored, keeping only the units' positions: a run that persists positions only
     * resumes reading where the source stopped without replaying what it read before.
     */
    public void forgetRows() {
        for (Map<String, UnitState> held : units.values()) {
            held.replaceAll((unit, state) -> {
                UnitState positionOnly = new UnitState(state.position, state.count, null, 0, 0);
                positionOnly.time = state.time;
                return positionOnly;
            });
        }
        events.clear();
        keyed.clear();
    }

    /** Restores what {@link #snapshot} wrote, without emitting anything (the operators are restored too). */
    public void restore(BinaryReader in) {
        units.clear();
        events.clear();
        keyed.clear();
        offsets = null;
        List<UnitState> read = new ArrayList<>();
        List<EventRow> readEvents = new ArrayList<>();
        int locations = in.readLength(1);
        for (int l = 0; l < locations; l++) {
            String location = in.readString();
            int count = in.readLength(1);
            Map<String, UnitState> held = new HashMap<>();
            for (int u = 0; u < count; u++) {
                String unit = in.readString();
                byte[] position = in.readBytes();
                int rows = in.readLength(0);
                byte kind = (byte) in.readByte();
                UnitState state = new UnitState(position, rows, null, 0, 0);
                if (kind == STORED_ROWS) {
                    state.stored = in.readString();
                    if (oldRows != null) {
                        byte[] migrated = transcode(rowsOf(state).readRemaining(), rows);
                        state.stored = null;
                        state.data = migrated;
                        state.offset = 0;
                        state.length = migrated.length;
                    }
                } else if (kind == INLINE_ROWS) {
                    byte[] data = transcode(in.readBytes(), rows);
                    state.data = data;
                    state.length = data.length;
                } else if (kind != NO_ROWS) {
                    throw new dev.tideway.schema.CodecException("unknown kind of unit rows " + kind);
                }
                held.put(unit, state);
                read.add(state);
            }
            units.put(location, held);
        }
        int eventCount = in.readLength(1);
        for (int e = 0; e < eventCount; e++) {
            int count = in.readLength(0);
            T row = readRow(in);
            EventRow held = new EventRow(row);
            held.times = new long[Math.max(1, count)];
            held.count = count;
            events.computeIfAbsent(keyOf(row), k -> new ArrayList<>(1)).add(held);
            readEvents.add(held);
        }
        if (in.hasRemaining() && in.readByte() == READ_TIMES) {
            for (UnitState state : read) {
                state.time = in.readLong();
            }
            for (EventRow row : readEvents) {
                for (int n = 0; n < row.count; n++) {
                    row.times[n] = in.readLong();
                }
            }
        }
        if (in.hasRemaining() && in.readByte() == OFFSETS_AND_KEYED_ROWS) {
            offsets = in.readBoolean() ? in.readBytes() : null;
            int keyedCount = in.readLength(17);
            for (int k = 0; k < keyedCount; k++) {
                long key = in.readLong();
                long time = in.readLong();
                keyed.put(key, new KeyedRow(readRow(in), time));
            }
        }
    }
}
