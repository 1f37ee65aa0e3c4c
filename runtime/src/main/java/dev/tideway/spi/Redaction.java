package dev.tideway.spi;

import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.regex.Pattern;

/**
 * Keeps credentials out of messages and logs. The remote backends register the secrets they are
 * given (an access key's secret, an account key, a connection string's signature); every message
 * built from an SDK's exception passes through {@link #redact}, which replaces them, and any
 * signature-like parameter of a URL or connection string, with {@code ***}.
 */
public final class Redaction {
    private static final Set<String> SECRETS = new CopyOnWriteArraySet<>();
    private static final Pattern PARAMETERS = Pattern.compile(
            "(?i)(sig|signature|x-amz-signature|x-amz-credential|x-amz-security-token|accountkey|sharedaccesssignature"
                    + "|aws_secret_access_key|aws_session_token)=([^&;\\s\"']*)");
    private static final int MAX_REASON = 400;

    private Redaction() {}

    /** Remembers a secret so that it never appears in a redacted text; blank ones are ignored. */
    public static void register(String secret) {
        if (secret != null && secret.length() >= 4) {
            SECRETS.add(secret);
        }
    }

    /** {@code text} with every registered secret and signature parameter replaced by {@code ***}. */
    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        String result = text;
        for (String secret : SECRETS) {
            result = result.replace(secret, "***");
        }
        return PARAMETERS.matcher(result).replaceAll("$1=***");
    }

    /** A short, redacted account of an exception: its type and first line of message. */
    public static String reason(Throwable e) {
        String message = e.getMessage();
        if (message != null) {
            int newline = message.indexOf('\n');
            if (newline >= 0) {
                message = message.substring(0, newline);
            }
            if (message.length() > MAX_REASON) {
                message = message.substring(0, MAX_REASON) + "...";
            }
        }
        return redact(e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message));
    }

    /**
     * A stand-in for an SDK's exception to keep as a cause: the same type name, redacted message and
     * stack trace, but none of the original's fields (requests, headers) that could hold a secret.
     */
    public static RuntimeException redacted(Throwable e) {
        RuntimeException copy = new RedactedException(reason(e));
        copy.setStackTrace(e.getStackTrace());
        return copy;
    }

    private static final class RedactedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RedactedException(String message) {
            super(message);
        }
    }
}
