package dev.tideway;

/**
 * Input that cannot be read: a malformed line, a value that does not parse. The message says where
 * (file, line, column) and what was found; the run stops without committing the batch that holds it.
 */
public class InputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InputException(String message) {
        super(message);
    }

    public InputException(String message, Throwable cause) {
        super(message, cause);
    }
}
