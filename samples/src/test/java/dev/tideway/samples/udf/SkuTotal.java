package dev.tideway.samples.udf;

import dev.tideway.annotations.Schema;

/** A total in cents per sku over the window starting at {@code start}. */
@Schema
public record SkuTotal(String sku, long start, long cents) {}
