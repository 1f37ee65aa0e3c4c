package dev.tideway.benchmarks.engine;

import dev.tideway.annotations.Schema;

/** A dimension table for the join benchmark: facts about each word of the vocabulary. */
@Schema
public record WordInfo(String word, long rank) {}
