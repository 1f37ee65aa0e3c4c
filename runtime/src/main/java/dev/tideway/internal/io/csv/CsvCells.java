package dev.tideway.internal.io.csv;

import dev.tideway.schema.TextRow;

/**
 * The cells of the current CSV record as the schema asks for them, by field. One instance serves a
 * whole file; it remembers the last field asked for, so that a parse error can name its column.
 */
final class CsvCells implements TextRow {
    private final CsvColumns columns;
    private String[] record;
    private int lastField = -1;

    CsvCells(CsvColumns columns) {
        this.columns = columns;
    }

    void moveTo(String[] next) {
        this.record = next;
        this.lastField = -1;
    }

    @Override
    public String cell(int field) {
        lastField = field;
        int column = columns.columnOf(field);
        return column < 0 ? null : record[column];
    }

    /** The field asked for last, or -1 if none was. */
    int lastField() {
        return lastField;
    }
}
