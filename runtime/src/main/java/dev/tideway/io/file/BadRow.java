package dev.tideway.io.file;

/**
 * A row of an input file that could not be read, with where it is and what is wrong with it.
 *
 * @param file the file's absolute path
 * @param line the 1-based line number
 * @param column the 1-based column number (a CSV column, or a character position in a JSON line),
 *     or 0 when unknown
 * @param columnName the column or field concerned, or null when unknown
 * @param value the offending text, or null when there is none to show
 * @param problem what is wrong, such as {@code not a long: "x"}
 */
public record BadRow(String file, long line, int column, String columnName, String value, String problem) {
    private static final int MAX_VALUE_LENGTH = 80;

    /**
     * The row's description, such as
     * {@code file /in/people.csv, line 3, column 2 (age): not a long: "x"; value "x"}.
     */
    public String describe() {
        StringBuilder text = new StringBuilder("file ").append(file).append(", line ").append(line);
        if (column > 0) {
            text.append(", column ").append(column);
            if (columnName != null) {
                text.append(" (").append(columnName).append(')');
            }
        } else if (columnName != null) {
            text.append(", column ").append(columnName);
        }
        text.append(": ").append(problem);
        if (value != null) {
            text.append("; value \"").append(shorten(value)).append('"');
        }
        return text.toString();
    }

    private static String shorten(String value) {
        return value.length() > MAX_VALUE_LENGTH ? value.substring(0, MAX_VALUE_LENGTH - 3) + "..." : value;
    }
}
