package dev.tideway.samples.sensors;

import dev.tideway.annotations.Schema;
import java.time.Instant;

/** The average of one sensor's readings in one window {@code [windowStart, windowEnd)}, and how many there were. */
@Schema
public record SensorAverage(String sensor, Instant windowStart, Instant windowEnd, Double average, long readings) {}
