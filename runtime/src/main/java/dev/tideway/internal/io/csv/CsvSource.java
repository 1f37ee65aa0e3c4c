package dev.tideway.internal.io.csv;

import dev.tideway.internal.io.file.FileSource;
import dev.tideway.spi.ParsedRows;
import dev.tideway.internal.io.file.UnitText;
import dev.tideway.schema.RowSchema;
import java.io.IOException;
import java.nio.file.Path;
import dev.tideway.io.csv.Csv;
import dev.tideway.io.csv.CsvReadOptions;

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
    protected void parse(UnitText text, String file, ParsedRows<T> rows) throws IOException {
        parser.parse(text, file, rows);
    }
}
