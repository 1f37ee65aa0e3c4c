package dev.tideway.internal.engine;

import dev.tideway.schema.BinaryReader;
import java.util.function.LongPredicate;

/**
 * The state of a {@link Partitioned} node: entries by partition key (groups, join buckets,
 * deduplicate instances, sort instances, the values a select produced per row key). It is what lets
 * the state of a run persist whatever its number of workers, as Flink's keyed state does by key
 * groups: a run with {@code RunConfig.withWorkers(n)} writes the state of a node's copies as one
 * snapshot, in the layout a single worker writes ({@link #snapshot} over {@link Node#stateParts()}),
 * and a run with any other number of workers restores it, each copy keeping the entries whose
 * partition key it owns ({@link #restore(BinaryReader, LongPredicate)}). The snapshot's layout does
 * not name the number of workers: state written with 4 workers restores with 1, 2 or 3.
 */
public interface KeyedState extends Stateful, Partitioned {
    /**
     * Replaces the state with the entries {@link #snapshot} wrote whose partition key {@code keep}
     * accepts (every entry is read; the others are dropped). Nothing is emitted.
     *
     * @throws dev.tideway.schema.CodecException if the bytes are not such a state
     */
    void restore(BinaryReader in, LongPredicate keep);

    /** Restores every entry: {@code restore(in, key -> true)}. */
    @Override
    default void restore(BinaryReader in) {
        restore(in, key -> true);
    }
}
