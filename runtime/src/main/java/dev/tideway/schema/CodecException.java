package dev.tideway.schema;

/**
 * Bytes that cannot be decoded: truncated, corrupt, or written by another schema. Thrown before
 * anything is allocated from an untrusted length.
 */
public class CodecException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CodecException(String message) {
        super(message);
    }

    public CodecException(String message, Throwable cause) {
        super(message, cause);
    }
}
