package dev.tideway.benchmarks.reducers;

import dev.tideway.annotations.Schema;
import java.math.BigDecimal;

/** The outputs of the reducer benchmarks, one record per result type. */
public final class ShopValues {
    private ShopValues() {}

    @Schema
    public record OfLong(String shop, long value) {}

    @Schema
    public record OfDouble(String shop, Double value) {}

    @Schema
    public record OfDecimal(String shop, BigDecimal value) {}

    @Schema
    public record OfText(String shop, String value) {}
}
