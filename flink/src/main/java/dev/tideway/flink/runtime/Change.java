package dev.tideway.flink.runtime;

/**
 * One change of a Tideway table as a Flink record: the row's key, the row (a {@code @Schema} record,
 * or a join's pair of rows), the logical time of the batch that made it (epoch milliseconds, as the
 * embedded engine's commit times), and the diff, +1 for an insertion and -1 for a retraction. The
 * port says which input of the receiving operator the change is for (0 for one-input operators).
 *
 * <p>Immutable: Flink may hand the same instance to operators chained together.
 */
public final class Change {
    private final long key;
    private final Object row;
    private final long time;
    private final int diff;
    private final int port;

    public Change(long key, Object row, long time, int diff, int port) {
        this.key = key;
        this.row = row;
        this.time = time;
        this.diff = diff;
        this.port = port;
    }

    public long key() {
        return key;
    }

    public Object row() {
        return row;
    }

    public long time() {
        return time;
    }

    public int diff() {
        return diff;
    }

    public int port() {
        return port;
    }

    /** The same change for input {@code newPort}. */
    public Change toPort(int newPort) {
        return newPort == port ? this : new Change(key, row, time, diff, newPort);
    }

    @Override
    public String toString() {
        return "Change{key=" + Long.toHexString(key) + ", row=" + row + ", time=" + time + ", diff=" + diff + ", port=" + port + "}";
    }
}
