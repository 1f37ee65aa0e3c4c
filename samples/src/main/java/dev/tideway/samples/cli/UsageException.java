package dev.tideway.samples.cli;

/** A command line that cannot be run: the message says what is wrong; the usage is printed after it. */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
