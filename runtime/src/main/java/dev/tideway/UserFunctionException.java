package dev.tideway;

import java.util.Locale;
import java.util.Optional;

/**
 * Code of the user's failed on a row while the pipeline ran: a UDF ({@code Exprs.apply}, a
 * {@code map}), an acceptor of {@code deduplicate}, a {@code flatten} builder, a session predicate
 * of a {@code Window.session}, a record's constructor (a compact constructor that validates), or a
 * {@code subscribe} callback. For a row a window computes, the row is the window's bounds and
 * instance values. The user's exception is
 * the {@linkplain #getCause() cause}; the message adds what it lacked: the operator (with the name
 * given by {@code named}, if any), the row's key and values, and where the row came from when it can
 * be told (source id, file, and the row's position in it).
 *
 * <pre>{@code
 * select#3 failed on the row with key 00000000075bcd15: Price[sku=pen, amount=1.005]; it came from
 * source "prices", /data/prices/a.csv, line 3. Cause: java.lang.ArithmeticException: Rounding necessary
 * }</pre>
 *
 * <p>The run stops as with any error: the batch being computed is not committed, so a restart with
 * persistence recomputes it from the same input. With
 * {@link RunConfig#withTerminateOnError(boolean) withTerminateOnError(false)} it does not: the row is
 * withheld and this failure becomes a row of the error log ({@link ErrorLogEntry}).
 */
public final class UserFunctionException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private static final int MAX_ROW_TEXT = 500;

    private final String operator;
    private final String operatorName;
    private final long key;
    private final String row;
    private final String origin;

    /**
     * @param operator the operator, such as {@code select#3}
     * @param operatorName the name given with {@code named}, or null
     * @param key the row's key
     * @param row the row, or what stands for it (a group's key values)
     * @param origin where the row came from, or null if it cannot be told
     * @param cause what the user's code threw
     */
    public UserFunctionException(String operator, String operatorName, long key, Object row, String origin, Throwable cause) {
        super(message(operator, operatorName, key, shorten(String.valueOf(row)), origin, cause), cause);
        this.operator = operator;
        this.operatorName = operatorName;
        this.key = key;
        this.row = shorten(String.valueOf(row));
        this.origin = origin;
    }

    /** The operator that ran the code, such as {@code select#3}. */
    public String operator() {
        return operator;
    }

    /** The name the operator was given with {@code named}, if any. */
    public Optional<String> operatorName() {
        return Optional.ofNullable(operatorName);
    }

    /** The key of the row the code failed on. */
    public long key() {
        return key;
    }

    /** The row's values as text (shortened past 500 characters). */
    public String row() {
        return row;
    }

    /** Where the row came from, such as {@code source "prices", /data/prices/a.csv, line 3}, if known. */
    public Optional<String> origin() {
        return Optional.ofNullable(origin);
    }

    private static String message(String operator, String name, long key, String row, String origin, Throwable cause) {
        return operator + (name == null ? "" : " (named \"" + name + "\")") + " failed on the row with key "
                + String.format(Locale.ROOT, "%016x", key) + ": " + row
                + (origin == null ? "" : "; it came from " + origin) + ". Cause: " + cause;
    }

    private static String shorten(String text) {
        return text.length() <= MAX_ROW_TEXT ? text : text.substring(0, MAX_ROW_TEXT - 3) + "...";
    }
}
