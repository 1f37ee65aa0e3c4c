package dev.tideway.engine;

import dev.tideway.schema.RowSchema;

/**
 * A table computed by one node of the dataflow.
 *
 * @param <T> the row type
 */
final class DataflowTable<T> implements EngineTable<T> {
    private final Node node;
    private final RowSchema<T> schema;

    DataflowTable(Node node, RowSchema<T> schema) {
        this.node = node;
        this.schema = schema;
    }

    @Override
    public Node node() {
        return node;
    }

    @Override
    public RowSchema<T> schema() {
        return schema;
    }

    @Override
    public String toString() {
        return "Table<" + schema.name() + "> from " + node;
    }
}
