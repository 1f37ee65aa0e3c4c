package dev.tideway.internal.io.csv;

import dev.tideway.InputException;
import dev.tideway.schema.FieldDescriptor;
import dev.tideway.schema.RowSchema;
import java.util.Arrays;
import java.util.Optional;

/**
 * Which column of a CSV file holds which field, from the file's header: columns match fields by
 * external name, in any order; extra columns are ignored.
 */
final class CsvColumns {
    private static final int ABSENT = -1;

    private final String[] header;
    private final int[] columnOfField;

    private CsvColumns(String[] header, int[] columnOfField) {
        this.header = header;
        this.columnOfField = columnOfField;
    }

    /**
     * Maps the fields of {@code schema} to the columns of {@code headerCells}.
     *
     * @throws InputException if a required field has no column, or a column appears twice
     */
    static CsvColumns of(RowSchema<?> schema, String[] headerCells, String file) {
        String[] header = headerCells.clone();
        if (header.length > 0 && header[0].startsWith("\uFEFF")) {
            header[0] = header[0].substring(1);     // a byte-order mark some editors write
        }
        int[] columnOfField = new int[schema.fields().size()];
        Arrays.fill(columnOfField, ABSENT);
        for (int column = 0; column < header.length; column++) {
            Optional<FieldDescriptor> field = schema.fieldByExternalName(header[column]);
            if (field.isEmpty()) {
                continue;
            }
            int index = field.get().index();
            if (columnOfField[index] != ABSENT) {
                throw new InputException("file " + file + ", line 1: the header has the column \"" + header[column]
                        + "\" twice (columns " + (columnOfField[index] + 1) + " and " + (column + 1)
                        + "); rename or remove one of them");
            }
            columnOfField[index] = column;
        }
        for (FieldDescriptor field : schema.fields()) {
            if (columnOfField[field.index()] == ABSENT && !field.nullable()) {
                throw new InputException("file " + file + ", line 1: the header has no column \"" + field.externalName()
                        + "\", which " + schema.name() + " requires; the columns found are " + Arrays.toString(header)
                        + ". Add the column, or make the field nullable (Optional or a boxed type)");
            }
        }
        return new CsvColumns(header, columnOfField);
    }

    /** The number of columns, which every row must have. */
    int width() {
        return header.length;
    }

    /** The 0-based column of a field, or -1 when the file has none. */
    int columnOf(int field) {
        return columnOfField[field];
    }

    String name(int column) {
        return header[column];
    }

    String describe() {
        return String.join(",", header);
    }
}
