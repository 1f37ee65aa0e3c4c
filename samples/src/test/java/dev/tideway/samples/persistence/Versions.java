package dev.tideway.samples.persistence;

import dev.tideway.annotations.Column;
import dev.tideway.annotations.PrimaryKey;
import dev.tideway.annotations.Schema;
import java.util.Optional;

/** Versions of one record persisted under the source id "items", for the schema migration tests. */
final class Versions {
    private Versions() {}

    /** The first version. */
    @Schema
    record Item(String id, long qty, String note) {}

    @Schema
    record WithOptional(String id, long qty, String note, Optional<String> color) {}

    @Schema
    record WithBoxed(String id, long qty, String note, Long weight) {}

    /** {@code qty} renamed in Java, its column kept. */
    @Schema
    record RenamedInJava(String id, @Column(name = "qty") long quantity, String note) {}

    @Schema
    record Reordered(String note, long qty, String id) {}

    @Schema
    record Removed(String id, long qty) {}

    /** The data's column {@code qty} is now {@code amount}. */
    @Schema
    record RenamedInData(String id, @Column(name = "amount") long qty, String note) {}

    @Schema
    record TypeChanged(String id, int qty, String note) {}

    @Schema
    record KeyChanged(@PrimaryKey String id, long qty, String note) {}

    @Schema
    record NewRequired(String id, long qty, String note, long weight) {}
}
