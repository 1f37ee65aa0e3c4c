package dev.tideway.samples.persistence;

import dev.tideway.annotations.Column;
import dev.tideway.annotations.PrimaryKey;
import dev.tideway.annotations.Schema;

/** The records of the in-process multi-run tests. */
final class Rows {
    private Rows() {}

    @Schema
    record Sale(@PrimaryKey String id, String shop, long amount) {}

    @Schema
    record Shop(@PrimaryKey String shop, String city) {}

    /** Keys of sales to keep or drop: keyed like {@link Sale}, by id. */
    @Schema
    record Flag(@PrimaryKey String id) {}

    @Schema
    record Reading(@PrimaryKey String id, String sensor, long value) {}

    @Schema
    record ShopStats(String shop, long sales, long total, long biggest, long amounts) {}

    @Schema
    record SaleCity(String id, String city, long amount) {}

    @Schema
    record Word(String word) {}

    /** {@link Word} after the data renamed its column {@code word} to {@code term}. */
    @Schema
    record Term(@Column(name = "term") String word) {}

    @Schema
    record WordCount(String word, long count) {}
}
