package dev.tideway.samples.columns;

import dev.tideway.annotations.Schema;

/** A trade of a quantity of a symbol, at an event time in ms. */
@Schema
public record Trade(String symbol, long time, long qty) {}
