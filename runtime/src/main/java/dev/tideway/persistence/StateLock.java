package dev.tideway.persistence;

/**
 * Proof that this process is the only one using a state location; held for the whole run and
 * released by {@link #close()} (or by the operating system when the process dies).
 *
 * <pre>{@code
 * try (StateLock lock = backend.lock()) {
 *     // recover, run, commit
 * }
 * }</pre>
 */
public interface StateLock extends AutoCloseable {

    /** Releases the lock; closing twice does nothing. */
    @Override
    void close();
}
