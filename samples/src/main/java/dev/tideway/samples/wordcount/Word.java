package dev.tideway.samples.wordcount;

import dev.tideway.annotations.Schema;

/** One word of the input: the CSV files have a header {@code word} and one word a line. */
@Schema
public record Word(String word) {}
