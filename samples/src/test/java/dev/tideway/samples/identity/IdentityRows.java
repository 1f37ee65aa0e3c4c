package dev.tideway.samples.identity;

import dev.tideway.annotations.PrimaryKey;
import dev.tideway.annotations.Schema;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** The records of the operator-identity tests. */
final class IdentityRows {
    private IdentityRows() {}

    @Schema
    record Word(String word) {}

    @Schema
    record Person(@PrimaryKey String id, String name, String city) {}

    @Schema
    record Rename(@PrimaryKey String id, String name, String city) {}

    @Schema
    record Visit(String person, String place, long at) {}

    @Schema
    record Seen(String name, String place) {}

    @Schema
    record Sentence(String id, List<String> words, List<String> tags) {}

    @Schema
    record PlaceCount(String place, long count) {}

    @Schema
    record Sale(@PrimaryKey String id, String shop, String customer, long cents, BigDecimal amount, Instant at) {}

    @Schema
    record ShopStats(String shop, long cheapestRow, String priciest, String last, String someone, String uniqueShop,
                     List<String> customers, long distinct, String longest) {}

    @Schema
    record Line(String id, String text) {}

    @Schema
    record PrevCents(long prev, long cents) {}

    @Schema
    record Triple(long a, long b, long c) {}
}
