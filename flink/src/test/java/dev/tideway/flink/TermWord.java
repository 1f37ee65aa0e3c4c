package dev.tideway.flink;

import dev.tideway.annotations.Column;
import dev.tideway.annotations.Schema;

/** A record whose field is named "term" in the data, with a nullable weight. */
@Schema
public record TermWord(@Column(name = "term") String word, Long weight) {}
