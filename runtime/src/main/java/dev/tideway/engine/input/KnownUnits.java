package dev.tideway.engine.input;

import java.util.Set;

/** The units of one source location that the engine holds, with the positions they were read at. */
public interface KnownUnits {
    /** The names of the units held. */
    Set<String> units();

    /** The position a unit was read at (for files: size and modification time), or null if unknown. */
    byte[] position(String unit);
}
