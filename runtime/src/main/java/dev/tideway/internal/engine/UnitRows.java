package dev.tideway.internal.engine;

/**
 * Where a persisted source keeps the rows of its units: immutable objects named by their content,
 * written once and referenced by every snapshot after, and read back only when a unit is retracted.
 * Snapshots then hold each unit's position and a name, so restoring a source costs the number of
 * units, not the number of rows it ever read.
 */
public interface UnitRows {
    /** Stores encoded rows of a source and returns the object's name (the same name for the same bytes). */
    String save(String sourceId, byte[] data, int offset, int length);

    /** Tells the store that the snapshot being written still refers to {@code name}, saved before. */
    void retain(String name);

    /** The rows stored under {@code name}, checked against it. */
    byte[] load(String name);
}
