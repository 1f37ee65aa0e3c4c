package dev.tideway.samples.io;

import dev.tideway.annotations.Column;
import dev.tideway.annotations.Schema;

/** A row with a field renamed to {@code time} in the files it is read from and written to. */
@Schema
public record Stamped(String sensor, @Column(name = "time") long at) {}
