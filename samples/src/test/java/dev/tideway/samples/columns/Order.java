package dev.tideway.samples.columns;

import dev.tideway.annotations.Schema;
import java.util.List;

/** An order of a customer. */
@Schema
public record Order(String id, String customerId, long amount, List<String> skus) {}
