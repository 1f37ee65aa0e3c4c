package dev.tideway.internal.engine;

import dev.tideway.DuplicateKeyPolicy;
import dev.tideway.schema.BinaryReader;
import dev.tideway.schema.BinaryWriter;
import dev.tideway.schema.CodecException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The layout of a source's state in a snapshot, version 3, and the reading of versions 2 and 1.
 *
 * <pre>
 * state    = mark version location policy nextArrival offsets count unit* events upserts
 * mark     = 80 00        (a varint of 0 with a needless continuation byte: no version-1 state starts so)
 * version  = 03
 * location = string       (the location read last; "" before the first read)
 * policy   = byte         (the DuplicateKeyPolicy ordinal the rows shown were chosen by)
 * offsets  = 00 | 01 bytes  (the connector's own offsets, UnitChanges.offsets: absent, or as last reported)
 * unit     = name position:bytes count:length seed:fixed64 arrival:varint time:varint lines:bytes rows
 * rows     = 00 | 01 stored-name:string | 02 inline:bytes
 * events   = count (insertions:length row time:varint{insertions})*
 * upserts  = count (messageKey:fixed64 time:varint row)*   (UpsertRows; count 0 without rows)
 * </pre>
 *
 * <p>Version 2 is version 3 without {@code offsets} and {@code upserts}. Version 1 ({@code count (location count (unit position count rows)*)* events [01 time*]}) kept
 * units per location, made the keys of rows without a primary key from the location and the unit
 * name, and wrote the read times (when it had them) after the event rows, units first. Read back,
 * the units of the location the connector reads now (or of the only location) keep their names and
 * keys; those of other locations get names no connector reports, so the first poll retracts them,
 * as the table follows the location now.
 */
final class SourceSnapshot {
    private static final byte[] MARK = {(byte) 0x80, 0x00};
    private static final byte VERSION = 3;
    /** The version before the connector's offsets and the keyed changes were kept. */
    private static final byte VERSION_2 = 2;
    private static final byte NO_OFFSETS = 0;
    private static final byte OFFSETS = 1;
    private static final byte NO_ROWS = 0;
    private static final byte STORED_ROWS = 1;
    private static final byte INLINE_ROWS = 2;
    /** Brackets the location in the name of a version-1 unit of a location other than the one recorded. */
    private static final String FORMER_LOCATION = "\u0000";

    private SourceSnapshot() {}

    /** Marks the read times a version-1 state holds after its event rows. */
    static final byte VERSION_1_READ_TIMES = 1;

    /**
     * A unit as read back; {@code data} holds its rows inline, or {@code stored} names them (or
     * neither); {@code time} is 0 for version 1, whose times follow the event rows.
     */
    record UnitRecord(String name, byte[] position, int count, long seed, long arrival, long time, byte[] lines,
                      byte[] data, String stored) {
        /** The unit held again, as {@code id} (ids tell units apart in memory only). */
        HeldUnit held(int id) {
            HeldUnit unit = new HeldUnit(name, id, arrival, seed, position, count, lines);
            unit.time = time;
            unit.data = data;
            unit.length = data == null ? 0 : data.length;
            unit.stored = stored;
            return unit;
        }
    }

    /**
     * What {@link #read} read before the event rows; {@code policy} is null for version 1, whose units
     * are in the order it wrote them (and its read times); {@code offsets} is null when none were kept
     * (or before version 3).
     */
    record Restored(int version, String location, DuplicateKeyPolicy policy, long nextArrival, byte[] offsets,
                    List<UnitRecord> units) {
        boolean version1() {
            return version == 1;
        }

        /** Whether the keyed changes' rows ({@code upserts}) follow the event rows. */
        boolean hasUpserts() {
            return version >= 3;
        }
    }

    /** Migrates restored rows to the current schema: returns them re-encoded, or null when they need no migration. */
    @FunctionalInterface
    interface RowsMigration {
        byte[] migrate(byte[] inline, String stored, int count);
    }

    static void writeHeader(BinaryWriter out, String location, DuplicateKeyPolicy policy, long nextArrival, byte[] offsets,
                            int units) {
        out.writeRaw(MARK, 0, MARK.length);
        out.writeByte(VERSION);
        out.writeString(location == null ? "" : location);
        out.writeByte(policy.ordinal());
        out.writeUnsignedVarLong(nextArrival);
        if (offsets == null) {
            out.writeByte(NO_OFFSETS);
        } else {
            out.writeByte(OFFSETS);
            out.writeBytes(offsets);
        }
        out.writeLength(units);
    }

    /**
     * Writes one unit. Its rows are saved to {@code store} (once: later snapshots retain the same
     * object) and dropped from memory, or written inline ({@code load} brings them into memory
     * first), or left out when {@code withRows} is false.
     */
    static void writeUnit(BinaryWriter out, HeldUnit unit, boolean withRows, UnitRows store, String sourceId,
            Consumer<HeldUnit> load) {
        out.writeString(unit.name);
        out.writeBytes(unit.position);
        out.writeLength(unit.count);
        out.writeFixedLong(unit.seed);
        out.writeUnsignedVarLong(unit.arrival);
        out.writeLong(unit.time);
        out.writeBytes(unit.lines == null ? new byte[0] : unit.lines);
        if (!withRows || !unit.hasRows()) {
            out.writeByte(NO_ROWS);
        } else if (store != null) {
            if (unit.stored == null) {
                unit.stored = store.save(sourceId, unit.data, unit.offset, unit.length);
            } else {
                store.retain(unit.stored);
            }
            unit.data = null;
            out.writeByte(STORED_ROWS);
            out.writeString(unit.stored);
        } else {
            load.accept(unit);
            out.writeByte(INLINE_ROWS);
            out.writeLength(unit.length);
            out.writeRaw(unit.data, unit.offset, unit.length);
        }
    }

    /** Reads the units (of either version); {@code in} is left at the event rows. */
    static Restored read(BinaryReader in, String currentLocation, RowsMigration migration) {
        if (!in.skipIfNext(MARK)) {
            return readVersion1(in, currentLocation, migration);
        }
        int version = in.readByte();
        if (version != VERSION && version != VERSION_2) {
            throw new CodecException("source state version " + version + " is not known (this version reads 1 to " + VERSION
                    + "); it was written by a later Tideway");
        }
        String location = in.readString();
        int policy = in.readByte();
        if (policy < 0 || policy >= DuplicateKeyPolicy.values().length) {
            throw new CodecException("unknown duplicate-key policy " + policy);
        }
        long nextArrival = in.readUnsignedVarLong();
        byte[] offsets = null;
        if (version >= VERSION) {
            byte kind = (byte) in.readByte();
            if (kind == OFFSETS) {
                offsets = in.readBytes();
            } else if (kind != NO_OFFSETS) {
                throw new CodecException("unknown kind of source offsets " + kind);
            }
        }
        int count = in.readLength(1);
        List<UnitRecord> units = new ArrayList<>(count);
        for (int u = 0; u < count; u++) {
            String name = in.readString();
            byte[] position = in.readBytes();
            int rows = in.readLength(0);
            long seed = in.readFixedLong();
            long arrival = in.readUnsignedVarLong();
            long time = in.readLong();
            byte[] lines = in.readBytes();
            units.add(readRows(in, name, position, rows, seed, arrival, time, lines.length == 0 ? null : lines, migration));
        }
        return new Restored(version, location.isEmpty() ? null : location, DuplicateKeyPolicy.values()[policy], nextArrival,
                offsets, units);
    }

    private static Restored readVersion1(BinaryReader in, String currentLocation, RowsMigration migration) {
        Map<String, List<UnitRecord>> byLocation = new LinkedHashMap<>();
        int locations = in.readLength(1);
        for (int l = 0; l < locations; l++) {
            String location = in.readString();
            int count = in.readLength(1);
            List<UnitRecord> held = new ArrayList<>();
            for (int u = 0; u < count; u++) {
                String unit = in.readString();
                byte[] position = in.readBytes();
                int rows = in.readLength(0);
                held.add(readRows(in, unit, position, rows, legacySeed(location, unit), 0, 0, null, migration));
            }
            byLocation.put(location, held);
        }
        String recorded = byLocation.containsKey(currentLocation) ? currentLocation
                : byLocation.size() == 1 ? byLocation.keySet().iterator().next()
                : byLocation.isEmpty() ? null : new TreeSet<>(byLocation.keySet()).last();
        List<UnitRecord> units = new ArrayList<>();
        long arrival = 0;
        for (Map.Entry<String, List<UnitRecord>> location : byLocation.entrySet()) {     // in the order written
            for (UnitRecord unit : location.getValue()) {
                String name = byLocation.size() == 1 || location.getKey().equals(currentLocation)
                        ? unit.name() : legacyName(location.getKey(), null, unit.name());
                units.add(new UnitRecord(name, unit.position(), unit.count(), unit.seed(), arrival++, 0, null, unit.data(),
                        unit.stored()));
            }
        }
        return new Restored(1, recorded, null, arrival, null, units);
    }

    private static UnitRecord readRows(BinaryReader in, String name, byte[] position, int count, long seed, long arrival,
            long time, byte[] lines, RowsMigration migration) {
        byte kind = (byte) in.readByte();
        byte[] data = null;
        String stored = null;
        if (kind == STORED_ROWS) {
            stored = in.readString();
        } else if (kind == INLINE_ROWS) {
            data = in.readBytes();
        } else if (kind != NO_ROWS) {
            throw new CodecException("unknown kind of unit rows " + kind);
        }
        if (data != null || stored != null) {
            byte[] migrated = migration.migrate(data, stored, count);
            if (migrated != null) {
                data = migrated;
                stored = null;
            }
        }
        return new UnitRecord(name, position, count, seed, arrival, time, lines, data, stored);
    }

    /** Version 1 made the keys of rows without a primary key from the location and the unit. */
    static long legacySeed(String location, String unit) {
        byte[] bytes = (location + '\u0000' + unit).getBytes(StandardCharsets.UTF_8);
        return KeyHasher.hash(bytes, bytes.length);
    }

    /**
     * The name under which a version-1 unit is held: its own within the location recorded, and one no
     * connector reports within another (so the first poll retracts it).
     */
    static String legacyName(String location, String recorded, String unit) {
        return location.equals(recorded) ? unit : FORMER_LOCATION + location + FORMER_LOCATION + unit;
    }
}
