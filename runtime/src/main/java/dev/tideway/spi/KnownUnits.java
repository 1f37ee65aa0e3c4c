package dev.tideway.spi;

import java.util.Set;

/**
 * The units of one source location that the engine holds, with the positions they were read at,
 * and the source's own offsets (see {@link UnitChanges#offsets}).
 */
public interface KnownUnits {
    /** The names of the units held. */
    Set<String> units();

    /** The position a unit was read at (for files: size and modification time), or null if unknown. */
    byte[] position(String unit);

    /**
     * The offsets the connector last reported through {@link UnitChanges#offsets}, as committed:
     * after a restart, those of the last commit (restored from the snapshot and the write-ahead
     * log), so a message queue seeks to them; null when none were reported (or the run persists
     * nothing and this is its first poll). A copy: changing it changes nothing.
     */
    default byte[] offsets() {
        return null;
    }
}
