package dev.tideway.flink;

import dev.tideway.annotations.Schema;

@Schema
public record WordCount(String word, long count) {}
