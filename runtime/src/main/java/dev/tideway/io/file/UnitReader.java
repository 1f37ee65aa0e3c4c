package dev.tideway.io.file;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the rows of one whole file.
 *
 * @param <T> the row type
 */
@FunctionalInterface
public interface UnitReader<T> {
    /** Appends the file's rows to {@code rows}; bad rows go to the connector's {@link BadRowHandler}. */
    void read(Path file, List<T> rows) throws IOException;
}
