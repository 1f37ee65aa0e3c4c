package dev.tideway.internal.engine;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the first poll of a source found after its location changed (a moved or copied input
 * folder, another bucket prefix, or another data set under the same persistent id): the units that
 * are the same, changed, new, or gone. Logged once, as a warning, so a user who did not mean to
 * point the id elsewhere sees what it did to the table.
 */
final class LocationChange {
    private static final Logger LOG = LoggerFactory.getLogger(SourceNode.class);

    private final String before;
    private final String now;
    private final int heldBefore;
    private int same;
    private int changed;
    private int added;
    private int removed;

    LocationChange(String before, String now, int heldBefore) {
        this.before = before;
        this.now = now;
        this.heldBefore = heldBefore;
    }

    void replaced(boolean wasHeld) {
        if (wasHeld) {
            changed++;
        } else {
            added++;
        }
    }

    void unchanged() {
        same++;
    }

    void removed() {
        removed++;
    }

    /** Logs what happened; {@code sourceId} names the source. */
    void log(String sourceId) {
        if (heldBefore == 0 && added == 0) {
            return;     // nothing was read before, and nothing now: no table to speak of
        }
        // a unit whose position did not change at all was not reported by the connector: it is the same too
        int untouched = heldBefore - same - changed - removed;
        LOG.warn("source \"{}\" now reads {} (it read {} before). Of the {} units read before, {} are the same (not read"
                        + " again), {} changed (read again) and {} are not there (their rows are retracted); {} are new. The"
                        + " table follows the location of its persistent id; give the source another id to start another table",
                sourceId, now, before, heldBefore, same + untouched, changed, removed, added);
    }
}
