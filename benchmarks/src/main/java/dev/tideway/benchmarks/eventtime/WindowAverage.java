package dev.tideway.benchmarks.eventtime;

import dev.tideway.annotations.Schema;

/** The average of one sensor's events in one sliding window. */
@Schema
public record WindowAverage(String sensor, long start, long count, Double average) {}
