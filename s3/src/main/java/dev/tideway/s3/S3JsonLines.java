package dev.tideway.s3;

import dev.tideway.Table;
import dev.tideway.spi.Connectors;
import dev.tideway.io.file.FileReadOptions;
import dev.tideway.internal.s3.S3ObjectSource;
import dev.tideway.schema.RowSchema;
import dev.tideway.spi.InputConnector;
import dev.tideway.spi.UnitFormat;

/**
 * JSON Lines objects (one JSON object per line) under a prefix of an S3 bucket as a table; objects
 * are units as in {@link S3Csv}.
 *
 * <pre>{@code
 * Table<Event> events = S3JsonLines.read(S3Settings.of("my-bucket"), "events/", Event_.SCHEMA,
 *         FileReadOptions.defaults());
 * }</pre>
 */
public final class S3JsonLines {
    private S3JsonLines() {}

    /** Reads the JSON Lines objects whose keys start with {@code prefix}. */
    public static <T> Table<T> read(S3Settings settings, String prefix, RowSchema<T> schema, FileReadOptions options) {
        return Connectors.source(source(settings, prefix, schema, options), options.persistentId().orElse(null));
    }

    /** The connector behind {@link #read}, for tests and custom wiring. */
    public static <T> InputConnector<T> source(S3Settings settings, String prefix, RowSchema<T> schema,
            FileReadOptions options) {
        return new S3ObjectSource<>(settings, prefix, schema, options, UnitFormat.jsonLines(schema, options));
    }
}
