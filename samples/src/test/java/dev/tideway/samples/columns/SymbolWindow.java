package dev.tideway.samples.columns;

import dev.tideway.annotations.Schema;

/** A total per symbol over the window {@code [start, end)}. */
@Schema
public record SymbolWindow(String symbol, long start, long end, long total) {}
