package dev.tideway.spi;

/**
 * The changes of one logical time that a sink receives ({@link OutputConnector#write}): change
 * {@code i} inserts ({@code diff(i) == 1}) or retracts ({@code diff(i) == -1}) {@code row(i)} under
 * the row key {@code key(i)}. The batch is consolidated: no row is both inserted and retracted in it,
 * and an update is the retraction of the old row and the insertion of the new one, in that order.
 *
 * <p>A row key is the 64-bit key Tideway gives each row of a table (from its {@code @PrimaryKey}, the
 * place it was read from, or {@code withIdFrom}); it is the same in every run that computes the
 * row, so a sink may key its output by it (Kafka's upsert sink does).
 *
 * <p>Read-only, and valid only while the {@code write} call that received it runs: the engine reuses
 * its buffers, so copy what you keep. Not thread-safe.
 *
 * <pre>{@code
 * public void write(long time, ChangeBatch<WordCount> changes, RowSchema<WordCount> schema) {
 *     for (int i = 0; i < changes.size(); i++) {
 *         out.println(changes.row(i) + (changes.diff(i) > 0 ? " +" : " -"));
 *     }
 * }
 * }</pre>
 *
 * @param <T> the row type
 */
public interface ChangeBatch<T> {
    /** The number of changes. */
    int size();

    /** Whether there is no change. */
    default boolean isEmpty() {
        return size() == 0;
    }

    /**
     * The row key of change {@code index}.
     *
     * @throws IndexOutOfBoundsException unless {@code 0 <= index < size()}
     */
    long key(int index);

    /**
     * The row of change {@code index}.
     *
     * @throws IndexOutOfBoundsException unless {@code 0 <= index < size()}
     */
    T row(int index);

    /**
     * {@code 1} when change {@code index} inserts its row, {@code -1} when it retracts it.
     *
     * @throws IndexOutOfBoundsException unless {@code 0 <= index < size()}
     */
    int diff(int index);
}
