package dev.tideway.benchmarks.workers;

import dev.tideway.annotations.Schema;

/** How often a word (or a rank) occurs. */
@Schema
public record WordTotal(String word, long count) {}
