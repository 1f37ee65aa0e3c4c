package dev.tideway.io.csv;

import dev.tideway.io.file.FileSource;
import dev.tideway.schema.RowSchema;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads CSV files with a header line, a file or a directory of them; see {@link Csv#read}.
 *
 * @param <T> the row type
 */
public final class CsvSource<T> extends FileSource<T> {
    private final CsvRowParser<T> parser;

    public CsvSource(Path fileOrDirectory, RowSchema<T> schema, CsvReadOptions options) {
        super("csv", fileOrDirectory, schema, options.fileOptions());
        this.parser = new CsvRowParser<>(schema, options.delimiter(), badRows());
    }

    @Override
    protected void readFile(Path file, List<T> rows) throws IOException {
        try (BufferedReader in = openText(file)) {
            parser.parse(in, file.toString(), rows);
        }
    }
}
