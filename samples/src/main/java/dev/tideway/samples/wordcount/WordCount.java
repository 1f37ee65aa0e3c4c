package dev.tideway.samples.wordcount;

import dev.tideway.annotations.Schema;

/** How many times a word occurs in the input. */
@Schema
public record WordCount(String word, long count) {}
