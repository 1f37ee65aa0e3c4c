package dev.tideway.benchmarks.workers;

import dev.tideway.annotations.Schema;

/** A word of the generated input. */
@Schema
public record Word(String word) {}
