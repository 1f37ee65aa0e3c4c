package dev.tideway.internal.engine.ops;

/** Two live rows share a key where an operator allows one; the message names the key, rows and operator. */
public class KeyClashException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public KeyClashException(String message) {
        super(message);
    }
}
