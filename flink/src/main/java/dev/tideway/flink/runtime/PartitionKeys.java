package dev.tideway.flink.runtime;

import dev.tideway.internal.engine.Partitioned;
import org.apache.flink.api.java.functions.KeySelector;

/**
 * The Flink key of a change on its way into a hosted node: the node's partition key ({@link
 * Partitioned#partitionKey}), so that every change touching one part of the node's state reaches the
 * same copy of it; or the row key (before a sink's consolidation); or one constant key, for a node
 * that must see every row. The node is built once per selector instance, in the task.
 */
public final class PartitionKeys implements KeySelector<Change, Long> {
    private static final long serialVersionUID = 1L;
    /** The key of every change sent to an operator that sees them all. */
    public static final long CONSTANT = 0L;

    private enum Kind { NODE, ROW_KEY, CONSTANT }

    private final Kind kind;
    private final HostedNode hosted;
    private transient Partitioned node;

    private PartitionKeys(Kind kind, HostedNode hosted) {
        this.kind = kind;
        this.hosted = hosted;
    }

    /** By the partition key of {@code hosted}'s node (which must be {@link Partitioned}). */
    public static PartitionKeys of(HostedNode hosted) {
        return new PartitionKeys(Kind.NODE, hosted);
    }

    /** By row key. */
    public static PartitionKeys rowKey() {
        return new PartitionKeys(Kind.ROW_KEY, null);
    }

    /** All changes under one key. */
    public static PartitionKeys constant() {
        return new PartitionKeys(Kind.CONSTANT, null);
    }

    @Override
    public Long getKey(Change change) {
        return switch (kind) {
            case ROW_KEY -> change.key();
            case CONSTANT -> CONSTANT;
            case NODE -> {
                if (node == null) {
                    node = (Partitioned) hosted.build().nodes().get(0);
                }
                try {
                    yield node.partitionKey(change.port(), change.key(), change.row());
                } catch (RuntimeException e) {
                    // the user's expression fails on this row: any copy of the node will fail on it the same way, and report
                    // it as the embedded engine does (UserFunctionException naming the operator and the row)
                    yield CONSTANT;
                }
            }
        };
    }
}
