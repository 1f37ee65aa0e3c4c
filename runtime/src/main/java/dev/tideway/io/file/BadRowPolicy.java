package dev.tideway.io.file;

/** What a file source does with a row it cannot read. */
public enum BadRowPolicy {
    /** Stop the run with an error naming the file, line and column; the batch is not committed. */
    STOP,
    /** Skip the row, log a warning and count it (see {@link FileReadOptions#skippedRows()}). */
    SKIP
}
