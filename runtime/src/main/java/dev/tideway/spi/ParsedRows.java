package dev.tideway.spi;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The rows a parser read from one unit, each with the 1-based line it is on (for a record over
 * several lines, the last), which the engine keeps to name a row's place in messages.
 *
 * <p>Most files hold one row a line; their lines are kept as the first line alone, and an array is
 * made only once a row is not on the line after the one before. Not thread-safe: one parser fills it.
 *
 * @param <T> the row type
 */
public final class ParsedRows<T> {
    private final List<T> rows = new ArrayList<>();
    private long firstLine;
    /** The line of each row, once they are not consecutive; null while they are. */
    private long[] lines;

    /** Adds a row read from {@code line}. */
    public void add(T row, long line) {
        int index = rows.size();
        if (lines != null) {
            if (index == lines.length) {
                lines = Arrays.copyOf(lines, index * 2);
            }
            lines[index] = line;
        } else if (index == 0) {
            firstLine = line;
        } else if (line != firstLine + index) {
            lines = new long[Math.max(64, index * 2)];
            for (int i = 0; i < index; i++) {
                lines[i] = firstLine + i;
            }
            lines[index] = line;
        }
        rows.add(row);
    }

    /** The rows, in the order read. */
    public List<T> rows() {
        return rows;
    }

    /** The line of row {@code index}. */
    public long line(int index) {
        return lines != null ? lines[index] : firstLine + index;
    }

    public int size() {
        return rows.size();
    }
}
