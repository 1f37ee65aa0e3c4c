package dev.tideway;

/**
 * The error of an asynchronous user function for one argument, after every attempt the retry policy
 * allowed failed or timed out: thrown where the expression is evaluated on a row holding that
 * argument. Its message names the function, the argument and the attempts; its cause is the last
 * attempt's error (a {@link java.util.concurrent.TimeoutException} for a timeout).
 */
public final class AsyncCallException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int attempts;

    public AsyncCallException(String message, int attempts, Throwable cause) {
        super(message, cause);
        this.attempts = attempts;
    }

    /** How many attempts were made. */
    public int attempts() {
        return attempts;
    }
}
