package dev.tideway.s3;

import dev.tideway.Table;
import dev.tideway.spi.Connectors;
import dev.tideway.io.csv.CsvReadOptions;
import dev.tideway.internal.s3.S3ObjectSource;
import dev.tideway.schema.RowSchema;
import dev.tideway.spi.InputConnector;
import dev.tideway.spi.UnitFormat;

/**
 * CSV objects under a prefix of an S3 bucket as a table, read like a directory of CSV files (see
 * {@link dev.tideway.io.csv.Csv}): each object is read whole, with its header line; a new object
 * inserts its rows, a changed one (another ETag or size: other bytes) retracts its old rows and
 * inserts the new ones, a deleted one retracts its rows; an object uploaded again with the same bytes
 * is not read again. Objects are known by their key after the prefix, so the same persistent id
 * reading objects copied under another prefix or bucket continues the same table. Streaming (polled)
 * unless the options say static. The engine persists each object's position, so a restart reads only
 * what changed.
 *
 * <pre>{@code
 * Table<Word> words = S3Csv.read(S3Settings.of("my-bucket"), "incoming/words/", Word_.SCHEMA,
 *         CsvReadOptions.defaults().withPollInterval(Duration.ofSeconds(10)));
 * }</pre>
 */
public final class S3Csv {
    private S3Csv() {}

    /** Reads the CSV objects whose keys start with {@code prefix}. */
    public static <T> Table<T> read(S3Settings settings, String prefix, RowSchema<T> schema, CsvReadOptions options) {
        return Connectors.source(source(settings, prefix, schema, options), options.persistentId().orElse(null));
    }

    /** The connector behind {@link #read}, for tests and custom wiring. */
    public static <T> InputConnector<T> source(S3Settings settings, String prefix, RowSchema<T> schema,
            CsvReadOptions options) {
        return new S3ObjectSource<>(settings, prefix, schema, options.fileOptions(), UnitFormat.csv(schema, options));
    }
}
