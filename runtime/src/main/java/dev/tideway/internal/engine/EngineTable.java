package dev.tideway.internal.engine;

import dev.tideway.Table;
import dev.tideway.schema.RowSchema;

/**
 * The engine's side of a {@link Table}: the node that computes it and the schema of its rows.
 *
 * @param <T> the row type
 */
public interface EngineTable<T> extends Table<T> {
    /** The node whose output is this table's changes. */
    Node node();

    /** The engine table behind a user's table. */
    @SuppressWarnings("unchecked")
    static <T> EngineTable<T> of(Table<T> table) {
        if (table instanceof EngineTable<?> engine) {
            return (EngineTable<T>) engine;
        }
        throw new IllegalArgumentException("not a table built by Tideway: " + table);
    }

    /** Wraps a node computing rows of the given schema. */
    static <T> EngineTable<T> wrap(Node node, RowSchema<T> schema) {
        return new DataflowTable<>(node, schema);
    }
}
