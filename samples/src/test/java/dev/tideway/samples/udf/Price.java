package dev.tideway.samples.udf;

import dev.tideway.annotations.Schema;
import java.math.BigDecimal;

/** A price as read from CSV files. */
@Schema
public record Price(String sku, BigDecimal amount) {}
