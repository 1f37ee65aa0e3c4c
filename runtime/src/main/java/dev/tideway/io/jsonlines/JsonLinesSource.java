package dev.tideway.io.jsonlines;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.tideway.io.file.BadRow;
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
    private final JsonFactory json;

    public JsonLinesSource(Path fileOrDirectory, RowSchema<T> schema, FileReadOptions options) {
        super("jsonlines", fileOrDirectory, schema, options);
        this.json = JsonLines.FACTORY;
    }

    @Override
    protected void readFile(Path file, List<T> rows) throws IOException {
        try (BufferedReader in = openText(file)) {
            long lineNumber = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                // one parser per line: a bad line cannot derail the reading of the next one
                try (JsonParser parser = json.createParser(line)) {
                    T row = readLine(parser, file, lineNumber, line);
                    if (row != null) {
                        rows.add(row);
                    }
                }
            }
        }
    }

    /** The line's row, or null when it is bad and skipped. */
    private T readLine(JsonParser parser, Path file, long lineNumber, String line) throws IOException {
        try {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                badRows().handle(new BadRow(file.toString(), lineNumber, column(parser.currentTokenLocation()), null,
                        line, "expected a JSON object ({...}) on each line"));
                return null;
            }
            T row;
            try {
                row = schema().readJson(parser);
            } catch (IllegalArgumentException e) {
                badRows().handle(new BadRow(file.toString(), lineNumber, column(parser.currentTokenLocation()),
                        fieldOf(parser), line, e.getMessage()));
                return null;
            }
            if (parser.nextToken() != null) {
                badRows().handle(new BadRow(file.toString(), lineNumber, column(parser.currentTokenLocation()), null,
                        line, "unexpected text after the JSON object; write one object per line"));
                return null;
            }
            return row;
        } catch (JsonProcessingException e) {
            badRows().handle(new BadRow(file.toString(), lineNumber, column(e.getLocation()), fieldOf(parser), line,
                    "invalid JSON: " + e.getOriginalMessage()));
            return null;
        }
    }

    private static String fieldOf(JsonParser parser) {
        try {
            return parser.currentName();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static int column(JsonLocation location) {
        return location == null ? 0 : Math.max(0, location.getColumnNr());
    }
}
