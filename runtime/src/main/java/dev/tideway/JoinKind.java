package dev.tideway;

/** Which unmatched rows a join keeps. */
public enum JoinKind {
    /** Only matched pairs. */
    INNER,
    /** Matched pairs, and left rows with no match (right side null). */
    LEFT,
    /** Matched pairs, and right rows with no match (left side null). */
    RIGHT,
    /** Matched pairs, and unmatched rows of both sides. */
    OUTER
}
