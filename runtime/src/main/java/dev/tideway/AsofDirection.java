package dev.tideway;

/**
 * Which row of the other side an {@link Table#asofJoin as-of join} pairs a row with, as Pathway's
 * {@code Direction}. Among rows of the other side with equal times, the one with the greatest row
 * key is taken (the last to arrive when keys are equal too).
 */
public enum AsofDirection {
    /** The latest row at or before the row's time. */
    BACKWARD,
    /** The earliest row at or after the row's time. */
    FORWARD,
    /** The row whose time is closest; on a tie, the earlier one. */
    NEAREST
}
