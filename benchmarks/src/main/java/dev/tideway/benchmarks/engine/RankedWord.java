package dev.tideway.benchmarks.engine;

import dev.tideway.annotations.Schema;

/** The join benchmark's output: a word of the input with its rank. */
@Schema
public record RankedWord(String word, long rank) {}
