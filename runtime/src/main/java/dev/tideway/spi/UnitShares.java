package dev.tideway.spi;

import dev.tideway.internal.engine.KeyHasher;
import java.nio.charset.StandardCharsets;

/**
 * An {@link InputConnector} whose units several workers can read, each its own share, for a run
 * with {@code RunConfig.withWorkers(n)} (as Flink splits a source into splits, Kafka Streams a topic
 * into partitions): a unit (a file, an object) belongs to exactly one share, by a hash of its name
 * ({@link #shareOf}), so it stays with one worker across polls, and its retraction is made where its
 * rows were read. A connector that does not implement it is read by one worker.
 *
 * <p>Implement it only for a connector that reports units ({@link UnitChanges#replace},
 * {@link UnitChanges#remove}) and no events, keyed changes or offsets, whose rows have no primary key
 * (a key's rows may come from any unit: such a source is read by one worker whatever it implements).
 *
 * <pre>{@code
 * public InputConnector<T> share(int share, int shares) {
 *     return new MySource<>(this, unit -> UnitShares.shareOf(unit, shares) == share);
 * }
 * }</pre>
 *
 * @param <T> the row type
 */
public interface UnitShares<T> {
    /**
     * A connector reading the units of share {@code share} of {@code shares} (0-based): same location,
     * kind, options, schema and bad-row policy; its polls list and report only the units of that share
     * (and remove only those). The shares' polls run at the same time on different threads, so what
     * they share (a client, a parser, a bad-row count) must be thread-safe. Closing a share does not
     * close what it shares with this connector.
     *
     * @throws IllegalArgumentException if {@code share} is not in {@code [0, shares)}
     */
    InputConnector<T> share(int share, int shares);

    /** The share (of {@code shares}) that unit {@code unit} belongs to: a fixed function of its name (UTF-8 bytes, 64-bit hash). */
    static int shareOf(String unit, int shares) {
        byte[] bytes = unit.getBytes(StandardCharsets.UTF_8);
        return (int) Long.remainderUnsigned(KeyHasher.hash(bytes, bytes.length), shares);
    }
}
