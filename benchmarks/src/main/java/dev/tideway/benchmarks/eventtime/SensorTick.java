package dev.tideway.benchmarks.eventtime;

import dev.tideway.annotations.Schema;

/** One event of the bounded-state benchmark: a sensor's value at a time in milliseconds. */
@Schema
public record SensorTick(String sensor, long t, double value) {}
