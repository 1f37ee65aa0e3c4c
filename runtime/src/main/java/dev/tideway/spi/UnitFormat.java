package dev.tideway.spi;

import dev.tideway.io.csv.CsvReadOptions;
import dev.tideway.io.file.FileReadOptions;
import dev.tideway.internal.io.csv.CsvRowParser;
import dev.tideway.internal.io.file.TextUnitFormat;
import dev.tideway.internal.io.jsonlines.JsonLinesRowParser;
import dev.tideway.schema.RowSchema;
import java.io.IOException;
import java.io.InputStream;

/**
 * How the bytes of one whole unit (a file, an object of a bucket) become rows, in one of Tideway's
 * text formats, for connectors that fetch units from a store of their own: the S3 sources read their
 * objects through it. The text is UTF-8; a line that is not, or a row that does not parse, is a bad
 * row handled by the {@link FileReadOptions#badRows() bad-row policy} of the options: under {@code
 * STOP} {@link #read} throws {@link dev.tideway.InputException} naming the origin, line and column,
 * under {@code SKIP} the row is reported and left out.
 *
 * <pre>{@code
 * UnitFormat<Word> csv = UnitFormat.csv(Word_.SCHEMA, CsvReadOptions.defaults());
 * try (InputStream in = bucket.open(key)) {
 *     ParsedRows<Word> rows = csv.read(in, "gs://bucket/" + key);
 *     changes.replace(unitName, position, rows.rows(), rows::line);
 * }
 * }</pre>
 *
 * <p>Thread-safe when its bad-row consumer is: each {@code read} parses on its own.
 *
 * @param <T> the row type
 */
public interface UnitFormat<T> {
    /** CSV with a header line, as {@link dev.tideway.io.csv.Csv#read} reads a file. */
    static <T> UnitFormat<T> csv(RowSchema<T> schema, CsvReadOptions options) {
        return new TextUnitFormat<>("csv", options.fileOptions(), badRows -> new CsvRowParser<>(schema, options.delimiter(), badRows));
    }

    /** One JSON object a line, as {@link dev.tideway.io.jsonlines.JsonLines#read} reads a file. */
    static <T> UnitFormat<T> jsonLines(RowSchema<T> schema, FileReadOptions options) {
        return new TextUnitFormat<>("jsonlines", options, badRows -> new JsonLinesRowParser<>(schema, badRows));
    }

    /** The format's short name, such as {@code csv}: a connector's {@link InputConnector#kind()}. */
    String kind();

    /**
     * Reads a whole unit. Does not close {@code bytes}.
     *
     * @param origin where the bytes come from, for messages: a path, {@code s3://bucket/key}
     * @return the unit's rows, each with its line
     * @throws dev.tideway.InputException for a bad row under the bad-row policy {@code STOP}
     * @throws IOException if reading {@code bytes} fails
     */
    ParsedRows<T> read(InputStream bytes, String origin) throws IOException;

    /**
     * The bad-row handler of the options, for the rows the engine refuses after they were read
     * ({@link InputConnector#rejectRow}).
     */
    BadRowHandler badRows();
}
