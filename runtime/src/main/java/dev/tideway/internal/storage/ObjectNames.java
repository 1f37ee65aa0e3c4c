package dev.tideway.internal.storage;

import java.util.regex.Pattern;

/**
 * Validation and formatting of the names the persistence layer gives to objects and ids.
 *
 * <p>Object names are checked here once for every backend, so that a name valid on the filesystem is
 * valid on S3 and Azure too, and so that no name can escape the state location.
 */
public final class ObjectNames {
    /** The file that {@link FileSystemBackend} locks; not an object name. */
    static final String LOCK_NAME = ".lock";

    private static final int MAX_SEGMENT = 255;
    private static final int MAX_NAME = 1024;
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_SEGMENT + "}");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final int SEQUENCE_DIGITS = 20;

    private ObjectNames() {}

    /**
     * Checks an object name: '/'-separated segments of {@code [A-Za-z0-9._-]}, no empty segment, no
     * {@code .} or {@code ..}, not the reserved lock file.
     *
     * @throws IllegalArgumentException naming the problem
     */
    public static String requireValidName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("object name is empty");
        }
        if (name.length() > MAX_NAME) {
            throw new IllegalArgumentException("object name longer than " + MAX_NAME + " characters: " + shorten(name));
        }
        if (name.equals(LOCK_NAME)) {
            throw new IllegalArgumentException("object name \"" + LOCK_NAME + "\" is reserved for the state lock");
        }
        for (String segment : name.split("/", -1)) {
            if (segment.isEmpty()) {
                throw new IllegalArgumentException("object name \"" + shorten(name)
                        + "\" has an empty segment (a leading, trailing or doubled '/')");
            }
            if (segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("object name \"" + shorten(name) + "\" has a '" + segment
                        + "' segment; names are relative keys inside the state location");
            }
            if (!SEGMENT.matcher(segment).matches()) {
                throw new IllegalArgumentException("object name \"" + shorten(name) + "\" has a segment \""
                        + shorten(segment) + "\" with characters outside [A-Za-z0-9._-] or longer than "
                        + MAX_SEGMENT);
            }
        }
        return name;
    }

    /** True if {@link #requireValidName} would accept {@code name}. */
    public static boolean isValidName(String name) {
        try {
            requireValidName(name);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Checks a list prefix: empty, or a valid name possibly ending in '/' or in a partial segment.
     *
     * @throws IllegalArgumentException naming the problem
     */
    public static String requireValidPrefix(String prefix) {
        if (prefix == null) {
            throw new IllegalArgumentException("list prefix is null");
        }
        int slash = prefix.lastIndexOf('/');
        if (slash >= 0) {
            requireValidName(prefix.substring(0, slash));
        }
        String partial = prefix.substring(slash + 1);
        if (!partial.isEmpty() && !SEGMENT.matcher(partial).matches()) {
            throw new IllegalArgumentException("list prefix \"" + shorten(prefix) + "\" ends in \"" + shorten(partial)
                    + "\", which no object name segment starts with");
        }
        return prefix;
    }

    /**
     * Checks a persistent id (a source id, an operator state name): 1 to 128 characters of
     * {@code [A-Za-z0-9._-]}, not {@code .} or {@code ..}. Such an id is used as one name segment.
     *
     * @param kind what the id names, for the message ("source id", "operator state name")
     * @throws IllegalArgumentException naming the id and the rule
     */
    public static String requireValidId(String kind, String id) {
        if (id == null || !ID.matcher(id).matches() || id.equals(".") || id.equals("..")) {
            throw new IllegalArgumentException("invalid " + kind + " \"" + (id == null ? "null" : shorten(id))
                    + "\": use 1 to 128 characters of letters, digits, '.', '_' and '-' (not \".\" or \"..\")");
        }
        return id;
    }

    /** A sequence number as a 20-digit, zero-padded segment, so names sort like numbers. */
    public static String sequence(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative sequence number " + value);
        }
        String digits = Long.toString(value);
        return "0".repeat(SEQUENCE_DIGITS - digits.length()) + digits;
    }

    /** The number a {@link #sequence} segment stands for, or -1 if {@code segment} is not one. */
    public static long parseSequence(String segment) {
        if (segment.length() != SEQUENCE_DIGITS) {
            return -1;
        }
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
        }
        try {
            return Long.parseLong(segment);
        } catch (NumberFormatException e) {
            return -1; // above Long.MAX_VALUE
        }
    }

    private static String shorten(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
