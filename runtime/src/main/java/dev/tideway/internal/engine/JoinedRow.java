package dev.tideway.internal.engine;

/**
 * The pair of rows a join matched; either side is null for the unmatched rows of an outer join.
 * Expressions made by {@code JoinResult.left(...)} and {@code right(...)} read it.
 */
public record JoinedRow(Object left, Object right) {
    @Override
    public boolean equals(Object o) {
        return o instanceof JoinedRow other && RowEquality.equal(left, other.left) && RowEquality.equal(right, other.right);
    }

    @Override
    public int hashCode() {
        return RowEquality.hash(left) * 31 + RowEquality.hash(right);
    }
}
