package dev.tideway.flink;

import dev.tideway.annotations.Schema;

@Schema
public record Word(String word) {}
