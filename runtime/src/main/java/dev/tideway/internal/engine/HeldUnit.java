package dev.tideway.internal.engine;

/**
 * A unit a source holds: its name (relative to the source's location), the position it was read
 * at, and its rows, encoded — in memory as a slice of {@code data} (when recording, the unit's log
 * record, so rows are encoded and held once), and once persisted under the name {@code stored},
 * from which they are loaded when needed.
 */
final class HeldUnit {
    final String name;
    /** Tells units apart in memory (not persisted). */
    final int id;
    /** When the unit was read, relative to the others: a higher arrival was read later. */
    final long arrival;
    /** What the keys of rows without a primary key are derived from. */
    final long seed;
    final int count;
    /** {@link RowLines} of the rows, or null. */
    final byte[] lines;
    byte[] position;
    /** The logical time of the batch that read the unit (0 if unknown: a state written before times were kept). */
    long time;
    byte[] data;
    int offset;
    int length;
    String stored;

    HeldUnit(String name, int id, long arrival, long seed, byte[] position, int count, byte[] lines) {
        this.name = name;
        this.id = id;
        this.arrival = arrival;
        this.seed = seed;
        this.position = position;
        this.count = count;
        this.lines = lines;
    }

    boolean hasRows() {
        return data != null || stored != null;
    }

    /** The line row {@code index} was read from, or 0 when unknown. */
    long line(int index) {
        return RowLines.line(lines, index);
    }
}
