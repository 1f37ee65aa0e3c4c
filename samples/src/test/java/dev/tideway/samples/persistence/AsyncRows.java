package dev.tideway.samples.persistence;

import dev.tideway.annotations.PrimaryKey;
import dev.tideway.annotations.Schema;

/** The records of the asynchronous UDF restart tests. */
final class AsyncRows {
    private AsyncRows() {}

    @Schema
    record Query(@PrimaryKey String id, String text) {}

    @Schema
    record Answer(String id, String answer) {}
}
