package dev.tideway.internal.engine;

import dev.tideway.spi.InputConnector;

/**
 * A connector whose units can be read by several workers, each reading its own share: a unit (a
 * file) belongs to exactly one share, by a hash of its name, so it stays with one worker across
 * polls and its retraction is made where its rows were read.
 *
 * @param <T> the row type
 */
public interface UnitShares<T> {
    /**
     * A connector reading the units of share {@code share} of {@code shares} (0-based): same location,
     * kind, options and schema; polls report only the units of that share. The shares' polls may run
     * at the same time on different threads.
     */
    InputConnector<T> share(int share, int shares);

    /** The share (of {@code shares}) that unit {@code unit} belongs to: a fixed function of its name. */
    static int shareOf(String unit, int shares) {
        byte[] bytes = unit.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return (int) Long.remainderUnsigned(KeyHasher.hash(bytes, bytes.length), shares);
    }
}
