package dev.tideway.internal.io.file;

import java.io.IOException;
import dev.tideway.spi.ParsedRows;
import dev.tideway.spi.BadRowHandler;

/**
 * Parses the rows of one whole unit of text (a file, an object in a bucket), whatever it is read
 * from; the file sources and the S3 sources share the CSV and JSON Lines parsers this way.
 *
 * @param <T> the row type
 */
@FunctionalInterface
public interface TextUnitParser<T> {
    /**
     * Appends the rows of {@code text} to {@code rows}, each with its line; bad rows go to the
     * connector's {@link BadRowHandler}, and rows on lines that {@link UnitText#isBadLine} are
     * skipped (they were reported when decoded).
     *
     * @param origin where the text comes from, for messages: a path, {@code s3://bucket/key}
     */
    void parse(UnitText text, String origin, ParsedRows<T> rows) throws IOException;
}
