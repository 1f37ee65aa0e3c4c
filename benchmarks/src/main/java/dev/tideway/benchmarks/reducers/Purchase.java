package dev.tideway.benchmarks.reducers;

import dev.tideway.annotations.Schema;
import java.math.BigDecimal;
import java.time.Instant;

/** A purchase in a shop: the input of the reducer benchmarks. */
@Schema
public record Purchase(String shop, String customer, long qty, double amount, BigDecimal price, Instant at) {}
