package dev.tideway.benchmarks.codec;

import dev.tideway.annotations.Schema;
import java.time.Instant;
import java.util.Optional;

/** A typical input row: a few strings and numbers, a time stamp, an optional field. */
@Schema
public record Event(String user, long sequence, double amount, Instant at, Optional<String> referrer) {}
