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
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The input of the dataflow: turns what a connector reports into row changes, and keeps the rows of
 * every unit (encoded, a few bytes a row) so that a modified or deleted unit can be retracted.
 *
 * <p>Row keys come from the {@code @PrimaryKey} components, or else from the unit and the row's
 * position in it. Every change it makes is also recorded as a log record, which persistence writes
 * to the source's write-ahead log and can {@linkplain #replay replay}.
 *
 * @param <T> the row type
 */
public final class SourceNode<T> extends Node {
    private static final byte REPLACE = 1;
    private static final byte REMOVE = 2;
    private static final byte EVENT = 3;

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
    /** Rows inserted by {@link UnitChanges#event}, by key. */
    private final Map<Long, EventRow> events = new LinkedHashMap<>();
    private final List<byte[]> log = new ArrayList<>();
    private final BinaryWriter rowWriter = new BinaryWriter(1 << 16);
    private final BinaryWriter keyWriter = new BinaryWriter();
    private final BinaryWriter logWriter = new BinaryWriter(1 << 16);

    /**
     * A unit's position and its rows, encoded, as a slice of {@code data}: when the source records,
     * that is the unit's log record, so the rows are encoded and held once, not once for the log and
     * once for retraction. {@code data} is null when rows are not kept.
     */
    private record UnitState(byte[] position, int count, byte[] data, int offset, int length) {
        UnitState(byte[] position, int count, byte[] rows) {
            this(position, count, rows, 0, rows == null ? 0 : rows.length);
        }

        BinaryReader rows() {
            return new BinaryReader(data, offset, length);
        }
    }

    private static final class EventRow {
        final Object row;
        int count;

        EventRow(Object row) {
            this.row = row;
        }
    }

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
                    byte[] encoded = rowWriter.toByteArray();
                    applyReplace(connector.location(), unit, position, rows, rows.size(), encoded, 0, encoded.length);
                    return;
                }
                // the log record is the header, then the encoded rows as a byte string; the unit keeps
                // a slice of it rather than a copy of its own
                logWriter.reset();
                logWriter.writeByte(REPLACE);
                logWriter.writeString(connector.location());
                logWriter.writeString(unit);
                logWriter.writeBytes(position);
                logWriter.writeLength(rows.size());
                logWriter.writeLength(rowWriter.size());
                int header = logWriter.size();
                byte[] record = Arrays.copyOf(logWriter.buffer(), header + rowWriter.size());
                System.arraycopy(rowWriter.buffer(), 0, record, header, rowWriter.size());
                applyReplace(connector.location(), unit, position, rows, rows.size(), record, header, rowWriter.size());
                log.add(record);
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
                applyEvent(row, diff);
                if (recording) {
                    logWriter.reset();
                    logWriter.writeByte(EVENT);
                    logWriter.writeInt(diff);
                    schema.encode(row, logWriter);
                    log.add(logWriter.toByteArray());
                }
            }
        };
    }

    /** Replaces a unit's rows: {@code rows}, or else the {@code count} rows encoded in the slice of {@code encoded}. */
    private void applyReplace(String location, String unit, byte[] position, List<T> rows, int count, byte[] encoded,
            int offset, int length) {
        Map<String, UnitState> held = units.computeIfAbsent(location, l -> new HashMap<>());
        UnitState old = held.remove(unit);
        if (old != null) {
            retract(location, unit, old);
        }
        long unitHash = unitHash(location, unit);
        if (rows != null) {
            for (int i = 0; i < rows.size(); i++) {
                T row = rows.get(i);
                emit(keyOf(row, unitHash, i), row, 1);
            }
        } else {
            BinaryReader in = new BinaryReader(encoded, offset, length);
            for (int i = 0; i < count; i++) {
                T row = schema.decode(in);
                emit(keyOf(row, unitHash, i), row, 1);
            }
        }
        held.put(unit, keepRows ? new UnitState(position, count, encoded, offset, length) : new UnitState(position, count, null));
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

    private void retract(String location, String unit, UnitState old) {
        if (old.data == null) {
            throw new IllegalStateException("source " + persistentId + ": unit " + unit + " changed, but its rows were not kept");
        }
        long unitHash = unitHash(location, unit);
        BinaryReader in = old.rows();
        for (int i = 0; i < old.count; i++) {
            T row = schema.decode(in);
            emit(keyOf(row, unitHash, i), row, -1);
        }
    }

    private void applyEvent(T row, int diff) {
        long key = keyOf(row);
        EventRow held = events.get(key);
        if (diff > 0) {
            if (held == null) {
                held = new EventRow(row);
                events.put(key, held);
            }
            held.count++;
            emit(key, row, 1);
        } else {
            if (held == null) {
                throw new IllegalArgumentException("source " + persistentId + ": cannot delete " + row + ": no such row was inserted");
            }
            if (--held.count == 0) {
                events.remove(key);
            }
            emit(key, held.row, -1);
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
                byte[] rows = in.readBytes();
                applyReplace(location, unit, position, null, count, rows, 0, rows.length);
            }
            case REMOVE -> applyRemove(in.readString(), in.readString());
            case EVENT -> {
                int diff = in.readInt();
                applyEvent(schema.decode(in), diff);
            }
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
                long unitHash = unitHash(location.getKey(), unit.getKey());
                BinaryReader in = state.rows();
                for (int i = 0; i < state.count; i++) {
                    T row = schema.decode(in);
                    emit(keyOf(row, unitHash, i), row, 1);
                }
                deliver();
            }
        }
        for (Map.Entry<Long, EventRow> entry : events.entrySet()) {
            for (int n = 0; n < entry.getValue().count; n++) {
                emit(entry.getKey(), entry.getValue().row, 1);
            }
        }
        deliver();
    }

    /** Writes what the source holds: every unit with its position and rows, and the event rows. */
    public void snapshot(BinaryWriter out) {
        out.writeLength(units.size());
        for (Map.Entry<String, Map<String, UnitState>> location : units.entrySet()) {
            out.writeString(location.getKey());
            out.writeLength(location.getValue().size());
            for (Map.Entry<String, UnitState> unit : location.getValue().entrySet()) {
                UnitState state = unit.getValue();
                out.writeString(unit.getKey());
                out.writeBytes(state.position);
                out.writeLength(state.count);
                out.writeLength(state.length);
                if (state.data != null) {
                    out.writeRaw(state.data, state.offset, state.length);
                }
            }
        }
        out.writeLength(events.size());
        for (EventRow row : events.values()) {
            out.writeLength(row.count);
            schema.encode(schema.type().cast(row.row), out);
        }
    }

    /** Restores what {@link #snapshot} wrote, without emitting anything (the operators are restored too). */
    public void restore(BinaryReader in) {
        units.clear();
        events.clear();
        int locations = in.readLength(1);
        for (int l = 0; l < locations; l++) {
            String location = in.readString();
            int count = in.readLength(1);
            Map<String, UnitState> held = new HashMap<>();
            for (int u = 0; u < count; u++) {
                String unit = in.readString();
                byte[] position = in.readBytes();
                int rows = in.readLength(0);
                held.put(unit, new UnitState(position, rows, in.readBytes()));
            }
            units.put(location, held);
        }
        int eventCount = in.readLength(1);
        for (int e = 0; e < eventCount; e++) {
            int count = in.readLength(0);
            T row = schema.decode(in);
            EventRow held = new EventRow(row);
            held.count = count;
            events.put(keyOf(row), held);
        }
    }
}
