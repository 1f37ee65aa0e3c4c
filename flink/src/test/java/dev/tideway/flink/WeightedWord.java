package dev.tideway.flink;

import dev.tideway.annotations.Schema;

/** {@link Word} with a new nullable field: a schema change Tideway migrates. */
@Schema
public record WeightedWord(String word, Long weight) {}
