package dev.tideway.samples.persistence;

import dev.tideway.annotations.Schema;

/** The records of the event-time multi-run tests, as in Pathway's {@code test_persistence.py}. */
final class TimeRows {
    private TimeRows() {}

    /** A row with a time, Pathway's {@code class InputSchema(pw.Schema): t: int}. */
    @Schema
    record Tick(long t) {}

    /** A stream of upserts ({@code c} true) and deletions of key {@code a}. */
    @Schema
    record Upsert(long a, long b, boolean c) {}

    @Schema
    record Pair(long a, long b) {}

    /** A reading of a sensor at a time in seconds. */
    @Schema
    record Reading(String sensor, long t, long value) {}

    @Schema
    record Total(String sensor, long start, long count, long sum) {}
}
