package dev.tideway.io.file;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.List;

/**
 * Parses the rows of one whole unit of text (a file, an object in a bucket), whatever it is read
 * from; the file sources and the S3 sources share the CSV and JSON Lines parsers this way.
 *
 * @param <T> the row type
 */
@FunctionalInterface
public interface TextUnitParser<T> {
    /**
     * Appends the rows of {@code text} to {@code rows}; bad rows go to the connector's
     * {@link BadRowHandler}.
     *
     * @param origin where the text comes from, for messages: a path, {@code s3://bucket/key}
     */
    void parse(BufferedReader text, String origin, List<T> rows) throws IOException;
}
