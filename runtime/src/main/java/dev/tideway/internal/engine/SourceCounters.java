package dev.tideway.internal.engine;

import java.util.List;

/**
 * What a source has read, kept up to date while it reads (per unit, not per row) so that progress
 * and metrics can be read from other threads during a long read. Written by the thread that reads
 * the source only; a source read in shares by several workers counts the sum of its shares' counters
 * ({@link #sumOf}).
 */
public final class SourceCounters {
    /** The counters of the source's shares, whose sums these counters give; empty while the source reads itself. */
    private volatile List<SourceCounters> parts = List.of();
    private volatile long rowsRead;
    private volatile long bytesRead;
    private volatile long unitsRead;
    private volatile long unitsPending;
    private volatile long bytesPending = -1;
    private volatile long polls;

    /** The rows read (inserted by units and events). */
    public long rowsRead() {
        List<SourceCounters> shares = parts;
        return shares.isEmpty() ? rowsRead : shares.stream().mapToLong(SourceCounters::rowsRead).sum();
    }

    /** The bytes read, as the connector told them. */
    public long bytesRead() {
        List<SourceCounters> shares = parts;
        return shares.isEmpty() ? bytesRead : shares.stream().mapToLong(SourceCounters::bytesRead).sum();
    }

    /** The units read, a unit read again counting again. */
    public long unitsRead() {
        List<SourceCounters> shares = parts;
        return shares.isEmpty() ? unitsRead : shares.stream().mapToLong(SourceCounters::unitsRead).sum();
    }

    /** The units the current poll has still to read. */
    public long unitsPending() {
        List<SourceCounters> shares = parts;
        return shares.isEmpty() ? unitsPending : shares.stream().mapToLong(SourceCounters::unitsPending).sum();
    }

    /** The bytes the current poll has still to read, or -1 when the connector does not tell. */
    public long bytesPending() {
        List<SourceCounters> shares = parts;
        if (shares.isEmpty()) {
            return bytesPending;
        }
        long pending = 0;
        for (SourceCounters share : shares) {
            if (share.bytesPending() < 0) {
                return -1;
            }
            pending += share.bytesPending();
        }
        return pending;
    }

    /** The polls done. */
    public long polls() {
        List<SourceCounters> shares = parts;
        return shares.isEmpty() ? polls : shares.stream().mapToLong(SourceCounters::polls).max().orElse(0);
    }

    /** From now on, these counters give the sums of {@code shares}' (the polls: the most any share made). */
    void sumOf(List<SourceCounters> shares) {
        this.parts = List.copyOf(shares);
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
