package dev.tideway.io.file;

/**
 * What a file source does with a row it cannot read: a malformed line, a value that does not parse,
 * bytes that are not UTF-8, or (under {@link dev.tideway.DuplicateKeyPolicy#REJECT}) a primary key
 * another row of the source holds.
 */
public enum BadRowPolicy {
    /** Stop the run with an error naming the file, line and column; the batch is not committed. */
    STOP,
    /** Skip the row, log a warning and count it (see {@link FileReadOptions#skippedRows()}). */
    SKIP
}
