package dev.tideway.samples.columns;

import dev.tideway.annotations.Schema;

/** A trade's symbol and quantity with the price of a quote. */
@Schema
public record PricedTrade(String symbol, long qty, long price) {}
