package dev.tideway.internal.engine.ops;

/**
 * What a {@link GroupCombiner} sends for one group and logical time, in place of the group's rows:
 * the change of the group's row count, and per reducer an accumulator of the values the rows added
 * and one of the values they retracted (both started empty and took additions only, so any
 * {@link dev.tideway.MergeableAggregator} merges them). The group-by's copy owning the group merges
 * it into the group, or makes the group of it.
 */
final class GroupPartial {
    final long key;
    final Object[] keyValues;
    final Accumulator[] added;
    /** Made at the first retraction; null while the rows only added. */
    Accumulator[] retracted;
    long rows;
    /** The changes folded into it (each a row the group-by would have taken in): counted as its input. */
    long changes;

    GroupPartial(long key, Object[] keyValues, Accumulator[] added) {
        this.key = key;
        this.keyValues = keyValues;
        this.added = added;
    }
}
