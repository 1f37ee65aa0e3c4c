package dev.tideway.persistence;

/**
 * A problem with the persisted state of a pipeline that the user can act on: a state location that
 * is not a folder, a location locked by another process, a damaged or unreadable object.
 *
 * <p>The message says what happened, where (the state location, object, source id) and what to do;
 * it is meant to be shown to the user as it is, without a stack trace. Nothing already committed is
 * changed by the operation that throws it.
 *
 * <pre>{@code
 * try {
 *     lock = backend.lock();
 * } catch (PersistenceException e) {
 *     System.err.println(e.getMessage()); // "state location /srv/state is in use by process 4711 ..."
 * }
 * }</pre>
 */
public class PersistenceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PersistenceException(String message) {
        super(message);
    }

    public PersistenceException(String message, Throwable cause) {
        super(message, cause);
    }
}
