package dev.tideway.internal.engine;

/**
 * A stateful node whose state falls apart by a key of its rows: the changes of one partition key
 * touch only that key's part of the state, and what it emits for them depends on nothing else (a
 * group-by's group, a join's join key, a deduplicate's instance, a row key). A runner may split the
 * node into copies, each fed the changes of some partition keys, and get the same output. Nodes that
 * are not {@code Partitioned} but hold state (event-time operators, which compare every row with one
 * watermark) must see all of their input in one copy.
 */
public interface Partitioned {
    /**
     * The partition key of a change arriving at input {@code port}: a pure function of the change's
     * row key and row. Two changes that touch the same part of the node's state have the same
     * partition key.
     *
     * @throws RuntimeException what the user's expressions throw on the row (as the node itself would)
     */
    long partitionKey(int port, long key, Object row);

    /**
     * Whether the node's changes must reach the copy owning their partition key: true, unless this
     * node holds no state after all (a deterministic select, which each worker runs on the rows it has).
     */
    default boolean partitions() {
        return true;
    }
}
