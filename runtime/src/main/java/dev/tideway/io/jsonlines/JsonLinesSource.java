package dev.tideway.io.jsonlines;

import dev.tideway.io.file.FileReadOptions;
import dev.tideway.io.file.FileSource;
import dev.tideway.schema.RowSchema;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

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
    protected void readFile(Path file, List<T> rows) throws IOException {
        try (BufferedReader in = openText(file)) {
            parser.parse(in, file.toString(), rows);
        }
    }
}
