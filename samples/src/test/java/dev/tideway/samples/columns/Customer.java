package dev.tideway.samples.columns;

import dev.tideway.annotations.Schema;

/** A customer, in a country. */
@Schema
public record Customer(String id, String country) {}
