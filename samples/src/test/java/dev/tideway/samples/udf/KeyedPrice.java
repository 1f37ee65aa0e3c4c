package dev.tideway.samples.udf;

import dev.tideway.annotations.PrimaryKey;
import dev.tideway.annotations.Schema;
import java.math.BigDecimal;

/** A price keyed by its sku. */
@Schema
public record KeyedPrice(@PrimaryKey String sku, BigDecimal amount) {}
