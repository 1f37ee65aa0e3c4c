package dev.tideway.benchmarks.udf;

import dev.tideway.annotations.Schema;

/** A key to look up, and the answer the service gave: the rows of the async UDF benchmark. */
public final class Lookup {
    private Lookup() {}

    @Schema
    public record Key(String key) {}

    @Schema
    public record Answer(String key, String answer) {}
}
