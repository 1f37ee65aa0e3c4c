package dev.tideway.schema;

/**
 * One row of text cells, as a CSV reader sees it, addressed by field index. The connector maps
 * fields to columns by external name before the first row, so generated code never sees headers.
 */
public interface TextRow {
    /**
     * The text of the cell that holds the given field, or null when the input has no column for it
     * (only possible for nullable fields: a missing required column is refused before any row).
     */
    String cell(int field);
}
