package dev.tideway.samples.columns;

import dev.tideway.annotations.Schema;

/** A quote of a symbol's price at an event time in ms; {@code live} false withdraws the symbol's quote. */
@Schema
public record Quote(String symbol, long time, long price, boolean live) {}
