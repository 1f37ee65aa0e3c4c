package dev.tideway.internal.engine;

import dev.tideway.schema.BinaryReader;
import dev.tideway.schema.BinaryWriter;
import dev.tideway.schema.CodecException;
import dev.tideway.schema.RowSchema;
import java.util.ArrayList;
import java.util.List;

/**
 * The log records of a source ({@code docs/state-format.md}, "Log segment", record kinds {@code 01}
 * to {@code 0a}): a source that is {@linkplain SourceNode#recording recording} makes one for each change
 * it reads, persistence {@linkplain SourceNode#drainLog takes them} and writes them to the source's
 * write-ahead log, and recovery hands them back to {@link SourceNode#replay}, which applies them to the
 * source's {@link SourceState} ({@link #replay}) as they were applied when they were made.
 *
 * <pre>
 * record = 03 diff:int row                                               EVENT
 *        | 04 unit:string position:bytes count:length lines:bytes rowbytes:bytes   REPLACE
 *        | 05 unit:string                                                REMOVE
 *        | 06 unit:string position:bytes                                 UNCHANGED
 *        | 07 location:string                                            LOCATION
 *        | 08 messageKey:fixed64 present:bool [row]                      UPSERT
 *        | 09 offsets:bytes                                              OFFSETS
 *        | 0a unit:string position:bytes count:length lines:bytes rows:string   REPLACE_STORED
 *        | 01 location:string unit:string position:bytes count:length rowbytes:bytes   (read only)
 *        | 02 location:string unit:string                                (read only)
 * </pre>
 *
 * <p>Changing a record's layout changes the log format ({@code tideway-log}): it needs a new format
 * number and a reader of the old one. Not thread-safe: the source's thread makes the records, and
 * the commit drains them on the same thread.
 *
 * @param <T> the row type
 */
final class SourceLogRecords<T> {
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

    private final RowSchema<T> schema;
    private final SourceState<T> state;
    private final SourceRowCodec<T> codec;
    private final List<byte[]> records = new ArrayList<>();
    private final BinaryWriter logWriter = new BinaryWriter(1 << 16);

    SourceLogRecords(SourceState<T> state, SourceRowCodec<T> codec) {
        this.schema = codec.schema();
        this.state = state;
        this.codec = codec;
    }

    /** LOCATION: the source now reads at {@code location}. */
    void location(String location) {
        logWriter.reset();
        logWriter.writeByte(LOCATION);
        logWriter.writeString(location);
        records.add(logWriter.toByteArray());
    }

    /**
     * REPLACE: a unit read, with its encoded rows (the first {@code rows.size()} bytes of {@code rows}).
     * Returns the record, which ends with the rows: a unit may keep that slice of it rather than a copy.
     */
    byte[] replace(String unit, byte[] position, int count, byte[] lines, BinaryWriter rows) {
        logWriter.reset();
        logWriter.writeByte(REPLACE);
        logWriter.writeString(unit);
        logWriter.writeBytes(position);
        logWriter.writeLength(count);
        logWriter.writeBytes(lines == null ? new byte[0] : lines);
        logWriter.writeLength(rows.size());
        logWriter.writeRaw(rows.buffer(), 0, rows.size());
        byte[] record = logWriter.toByteArray();
        records.add(record);
        return record;
    }

    /** REPLACE_STORED: a unit read, its rows in the rows object named {@code stored}, written before the log. */
    void replaceStored(String unit, byte[] position, int count, byte[] lines, String stored) {
        logWriter.reset();
        logWriter.writeByte(REPLACE_STORED);
        logWriter.writeString(unit);
        logWriter.writeBytes(position);
        logWriter.writeLength(count);
        logWriter.writeBytes(lines == null ? new byte[0] : lines);
        logWriter.writeString(stored);
        records.add(logWriter.toByteArray());
    }

    /** UNCHANGED: a unit's new position, same rows. */
    void unchanged(String unit, byte[] position) {
        logWriter.reset();
        logWriter.writeByte(UNCHANGED);
        logWriter.writeString(unit);
        logWriter.writeBytes(position);
        records.add(logWriter.toByteArray());
    }

    /** REMOVE: a unit gone. */
    void remove(String unit) {
        logWriter.reset();
        logWriter.writeByte(REMOVE);
        logWriter.writeString(unit);
        records.add(logWriter.toByteArray());
    }

    /** EVENT: a pushed row inserted ({@code diff} +1) or deleted (-1). */
    void event(int diff, T row) {
        logWriter.reset();
        logWriter.writeByte(EVENT);
        logWriter.writeInt(diff);
        schema.encode(row, logWriter);
        records.add(logWriter.toByteArray());
    }

    /** UPSERT: the row of the message key hashed to {@code messageKey}, or its tombstone when {@code row} is null. */
    void upsert(long messageKey, T row) {
        logWriter.reset();
        logWriter.writeByte(UPSERT);
        logWriter.writeFixedLong(messageKey);
        logWriter.writeBoolean(row != null);
        if (row != null) {
            schema.encode(row, logWriter);
        }
        records.add(logWriter.toByteArray());
    }

    /** OFFSETS: the connector's own offsets, as last reported. */
    void offsets(byte[] offsets) {
        logWriter.reset();
        logWriter.writeByte(OFFSETS);
        logWriter.writeBytes(offsets);
        records.add(logWriter.toByteArray());
    }

    /** The records made since the last call, in order. */
    List<byte[]> drain() {
        if (records.isEmpty()) {
            return List.of();
        }
        List<byte[]> drained = new ArrayList<>(records);
        records.clear();
        return drained;
    }

    /**
     * Applies a record to the source's state as it was applied when it was made, its rows read in the
     * layout they were written in (the schema's, or an older one during a migration: {@link SourceRowCodec}).
     *
     * @throws dev.tideway.schema.CodecException if the record is of no known kind, or cut short
     */
    void replay(byte[] record) {
        BinaryReader in = new BinaryReader(record);
        byte type = (byte) in.readByte();
        switch (type) {
            case REPLACE -> {
                String unit = in.readString();
                byte[] position = in.readBytes();
                int count = in.readLength(0);
                byte[] lines = in.readBytes();
                byte[] rows = codec.transcode(in.readBytes(), count);
                state.replace(unit, position, count, lines.length == 0 ? null : lines, codec.seed(unit), null, rows, 0, rows.length, null);
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
                state.replace(unit, position, count, lines.length == 0 ? null : lines, codec.seed(unit), null, rows, 0, rows.length,
                        rows == loaded ? stored : null);
            }
            case REMOVE -> state.remove(in.readString());
            case UNCHANGED -> {
                String unit = in.readString();
                state.unchanged(unit, in.readBytes());
            }
            case LOCATION -> state.location(in.readString());
            case UPSERT -> {
                long messageKey = in.readFixedLong();
                state.upsert(messageKey, in.readBoolean() ? codec.readRow(in) : null);
            }
            case OFFSETS -> state.offsets(in.readBytes());
            case EVENT -> {
                int diff = in.readInt();
                state.event(codec.readRow(in), diff);
            }
            case LEGACY_REPLACE -> {
                String recordLocation = in.readString();
                String unit = in.readString();
                byte[] position = in.readBytes();
                int count = in.readLength(0);
                byte[] rows = codec.transcode(in.readBytes(), count);
                state.replace(legacyName(recordLocation, unit), position, count, null,
                        SourceSnapshot.legacySeed(recordLocation, unit), null, rows, 0, rows.length, null);
            }
            case LEGACY_REMOVE -> {
                String recordLocation = in.readString();
                state.remove(legacyName(recordLocation, in.readString()));
            }
            default -> throw new CodecException("unknown log record type " + type);
        }
    }

    /** The name under which a unit of a version-1 log record is held (see {@link SourceSnapshot#legacyName}). */
    private String legacyName(String unitLocation, String unit) {
        if (state.location() == null) {
            state.location(unitLocation);
        }
        return SourceSnapshot.legacyName(unitLocation, state.location(), unit);
    }
}
