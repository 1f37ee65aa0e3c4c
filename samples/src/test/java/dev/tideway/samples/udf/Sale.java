package dev.tideway.samples.udf;

import dev.tideway.annotations.Schema;
import java.math.BigDecimal;

/** A sale of a sku at an event time {@code at} in seconds (empty in CSV when unknown), as read from CSV files. */
@Schema
public record Sale(String sku, Long at, BigDecimal amount) {}
