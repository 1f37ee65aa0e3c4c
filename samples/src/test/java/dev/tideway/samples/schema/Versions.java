package dev.tideway.samples.schema;

import dev.tideway.annotations.Column;
import dev.tideway.annotations.Schema;

/** The same row as written by successive versions of a program, for fingerprint tests. */
final class Versions {
    private Versions() {}

    @Schema
    record CountV1(String word, long count) {}

    /** Same fields, another record name: encodes alike. */
    @Schema
    record CountCopy(String word, long count) {}

    /** {@code count} became an int: encodes differently. */
    @Schema
    record CountIntV2(String word, int count) {}

    /** {@code count} renamed in Java, kept in data with @Column: encodes alike. */
    @Schema
    record CountRenamed(String word, @Column(name = "count") long total) {}

    /** A new nullable field: a different schema, to be migrated. */
    @Schema
    record CountV3(String word, long count, Long previous) {}
}
