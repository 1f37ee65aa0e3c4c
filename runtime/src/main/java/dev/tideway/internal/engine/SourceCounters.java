package dev.tideway.internal.engine;

/**
 * What a source has read, kept up to date while it reads (per unit, not per row) so that progress
 * and metrics can be read from other threads during a long read. Written by the run's thread only.
 */
public final class SourceCounters {
    private volatile long rowsRead;
    private volatile long bytesRead;
    private volatile long unitsRead;
    private volatile long unitsPending;
    private volatile long bytesPending = -1;
    private volatile long polls;

    /** The rows read (inserted by units and events). */
    public long rowsRead() {
        return rowsRead;
    }

    /** The bytes read, as the connector told them. */
    public long bytesRead() {
        return bytesRead;
    }

    /** The units read, a unit read again counting again. */
    public long unitsRead() {
        return unitsRead;
    }

    /** The units the current poll has still to read. */
    public long unitsPending() {
        return unitsPending;
    }

    /** The bytes the current poll has still to read, or -1 when the connector does not tell. */
    public long bytesPending() {
        return bytesPending;
    }

    /** The polls done. */
    public long polls() {
        return polls;
    }

    void pollStarted() {
        unitsPending = 0;
        bytesPending = -1;
    }

    void pollEnded(long rows) {
        rowsRead = rows;
        polls = polls + 1;
    }

    void pending(long units, long bytes) {
        unitsPending = Math.max(0, units);
        bytesPending = bytes;
    }

    void unitRead(long rows) {
        rowsRead = rows;
        unitsRead = unitsRead + 1;
        if (unitsPending > 0) {
            unitsPending = unitsPending - 1;
        }
    }

    void bytesRead(long bytes) {
        bytesRead = bytesRead + bytes;
        long pending = bytesPending;
        if (pending > 0) {
            bytesPending = Math.max(0, pending - bytes);
        }
    }
}
