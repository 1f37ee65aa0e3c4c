package dev.tideway.io.file;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The rows a parser read from one unit, each with the 1-based line it is on (for a record over
 * several lines, the last), which the engine keeps to name a row's place in messages.
 *
 * @param <T> the row type
 */
public final class ParsedRows<T> {
    private final List<T> rows = new ArrayList<>();
    private long[] lines = new long[64];

    /** Adds a row read from {@code line}. */
    public void add(T row, long line) {
        if (rows.size() == lines.length) {
            lines = Arrays.copyOf(lines, lines.length * 2);
        }
        lines[rows.size()] = line;
        rows.add(row);
    }

    /** The rows, in the order read. */
    public List<T> rows() {
        return rows;
    }

    /** The line of each row: {@code lines()[i]} for row {@code i}; the array may be longer than the rows. */
    public long[] lines() {
        return lines;
    }

    public int size() {
        return rows.size();
    }
}
