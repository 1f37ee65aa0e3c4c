package dev.tideway.samples.sensors;

import dev.tideway.annotations.Schema;
import java.time.Instant;

/**
 * One reading of a sensor: CSV files with a header {@code sensor,time,value} (or JSON Lines objects
 * with those fields), the time an ISO-8601 instant such as {@code 2026-03-01T10:15:30Z}.
 */
@Schema
public record SensorReading(String sensor, Instant time, double value) {}
