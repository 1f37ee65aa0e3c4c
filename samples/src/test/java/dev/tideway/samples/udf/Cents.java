package dev.tideway.samples.udf;

import dev.tideway.annotations.Schema;

/** An amount in whole cents, which a constructor refuses below zero. */
@Schema
public record Cents(String sku, long cents) {
    public Cents {
        if (cents < 0) {
            throw new IllegalArgumentException("cents must not be negative, not " + cents);
        }
    }
}
