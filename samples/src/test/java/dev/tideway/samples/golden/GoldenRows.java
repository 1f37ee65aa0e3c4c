package dev.tideway.samples.golden;

import dev.tideway.annotations.PrimaryKey;
import dev.tideway.annotations.Schema;
import java.math.BigDecimal;
import java.util.List;

/**
 * The records of the golden state fixtures. Frozen: a fixture folder holds rows encoded with these
 * schemas, so changing a record here breaks the restore of every fixture (add a record instead).
 */
final class GoldenRows {
    private GoldenRows() {}

    @Schema
    record Order(@PrimaryKey String id, String customer, String sku, int qty, long cents, double weight) {}

    @Schema
    record Customer(@PrimaryKey String id, String name, String country) {}

    @Schema
    record NameFix(@PrimaryKey String id, String name) {}

    @Schema
    record Reading(@PrimaryKey String id, String sensor, long t, long value) {}

    @Schema
    record Limit(String sensor, long t, long max) {}

    @Schema
    record CustomerStats(String customer, long orders, long cents, int qty, double weight, Double avgWeight, long minCents,
                         long maxCents, long skus, List<String> skuList, String first, String last) {}

    @Schema
    record OrderView(String order, String name) {}

    @Schema
    record CustomerCount(String customer, long orders) {}

    @Schema
    record Tag(String id, String tag) {}

    @Schema
    record SensorWindow(String sensor, long start, long end, long count, long sum) {}

    @Schema
    record ReadingLimit(String reading, long max) {}

    // ---- added for the fixture v1-expressions (ExpressionsPipeline) ----

    @Schema
    record OrderStats(String customer, long cheapestRow, String priciestSku, String anySku, String uniqueCustomer, List<String> skus,
                      long distinctSkus, BigDecimal total, Double medianWeight, String longestSku) {}

    @Schema
    record SensorStats(String sensor, String latest, String earliest, long peakRow) {}

    @Schema
    record OrderNeighbor(String order, String previous) {}

    // ---- added for the fixture v2-error-log (ErrorLogPipeline) ----

    /** The columns of an error log entry that do not depend on when the run met the error. */
    @Schema
    record ErrorView(String operator, String error, String row) {}
}
