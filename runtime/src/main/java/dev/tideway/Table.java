package dev.tideway;

import dev.tideway.schema.RowSchema;

/**
 * A table of {@code @Schema} rows that changes over time.
 *
 * @param <T> the row type
 */
public interface Table<T> {
    /** The schema of the rows. */
    RowSchema<T> schema();
}
