package dev.tideway.internal.io.jsonlines;

import dev.tideway.io.file.FileReadOptions;
import dev.tideway.internal.io.file.FileSource;
import dev.tideway.spi.ParsedRows;
import dev.tideway.internal.io.file.UnitText;
import dev.tideway.schema.RowSchema;
import java.io.IOException;
import java.nio.file.Path;
import dev.tideway.io.jsonlines.JsonLines;

/**
 * Reads JSON Lines files, one JSON object per line, a file or a directory of them; see
 * {@link JsonLines#read}.
 *
 * @param <T> the row type
 */
public final class JsonLinesSource<T> extends FileSource<T> {
    private final JsonLinesRowParser<T> parser;

    public JsonLinesSource(Path fileOrDirectory, RowSchema<T> schema, FileReadOptions options) {
        super("jsonlines", fileOrDirectory, schema, options);
        this.parser = new JsonLinesRowParser<>(schema, badRows());
    }

    @Override
    protected void parse(UnitText text, String file, ParsedRows<T> rows) throws IOException {
        parser.parse(text, file, rows);
    }
}
