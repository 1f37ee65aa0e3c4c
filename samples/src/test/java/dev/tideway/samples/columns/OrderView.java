package dev.tideway.samples.columns;

import dev.tideway.annotations.Schema;

/** An order with its customer's country. */
@Schema
public record OrderView(String id, String country) {}
