package dev.tideway.internal.storage;

import dev.tideway.persistence.PersistenceException;

/**
 * An object of the persisted state is missing or fails its checksum. Thrown so the caller can decide
 * what to do (fall back to an older snapshot, or stop); the message names the object and location.
 */
public final class DamagedObjectException extends PersistenceException {
    private static final long serialVersionUID = 1L;

    private final String objectName;

    public DamagedObjectException(String objectName, String message) {
        super(message);
        this.objectName = objectName;
    }

    /** The name of the damaged or missing object. */
    public String objectName() {
        return objectName;
    }
}
