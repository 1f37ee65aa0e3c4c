package dev.tideway.samples.io;

import dev.tideway.annotations.Schema;

/** A row whose fields have the names of the change columns a file sink adds. */
@Schema
public record Measurement(String sensor, long time, double diff) {}
