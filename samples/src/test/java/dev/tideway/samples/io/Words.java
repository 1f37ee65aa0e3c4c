package dev.tideway.samples.io;

import dev.tideway.annotations.PrimaryKey;
import dev.tideway.annotations.Schema;

/** The records of the file-source tests. */
final class Words {
    private Words() {}

    @Schema
    record Word(String word) {}

    @Schema
    record WordCount(String word, long count) {}

    @Schema
    record Customer(@PrimaryKey String customer_id, String name, String country) {}

    @Schema
    record Order(@PrimaryKey String order_id, String customer_id) {}

    @Schema
    record OrderCountry(String order_id, String country) {}

    @Schema
    record CountryOrders(String country, long orders) {}
}
