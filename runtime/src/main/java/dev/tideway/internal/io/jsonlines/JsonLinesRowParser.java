package dev.tideway.internal.io.jsonlines;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.JsonToken;
import dev.tideway.io.file.BadRow;
import dev.tideway.spi.BadRowHandler;
import dev.tideway.spi.ParsedRows;
import dev.tideway.internal.io.file.TextUnitParser;
import dev.tideway.internal.io.file.UnitText;
import dev.tideway.schema.RowSchema;
import java.io.IOException;
import java.util.Objects;

/**
 * Parses one JSON Lines text, one object per line, into rows, for the file source and the S3 source;
 * bad lines go to the bad-row handler; lines that are not UTF-8 (reported when decoded) are skipped.
 *
 * @param <T> the row type
 */
public final class JsonLinesRowParser<T> implements TextUnitParser<T> {
    private final RowSchema<T> schema;
    private final BadRowHandler badRows;
    /** The factory of every JSON Lines reader and writer: it leaves the streams it is given open. */
    public static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();

    private final JsonFactory json = FACTORY;

    public JsonLinesRowParser(RowSchema<T> schema, BadRowHandler badRows) {
        this.schema = Objects.requireNonNull(schema, "schema");
        this.badRows = Objects.requireNonNull(badRows, "badRows");
    }

    @Override
    public void parse(UnitText in, String file, ParsedRows<T> rows) throws IOException {
        long lineNumber = 0;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            lineNumber++;
            if (line.isBlank() || in.isBadLine(lineNumber)) {
                continue;
            }
            // one parser per line: a bad line cannot derail the reading of the next one
            try (JsonParser parser = json.createParser(line)) {
                T row = readLine(parser, file, lineNumber, line);
                if (row != null) {
                    rows.add(row, lineNumber);
                }
            }
        }
    }

    /** The line's row, or null when it is bad and skipped. */
    private T readLine(JsonParser parser, String file, long lineNumber, String line) throws IOException {
        try {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                badRows.handle(new BadRow(file, lineNumber, column(parser.currentTokenLocation()), null,
                        line, "expected a JSON object ({...}) on each line"));
                return null;
            }
            T row;
            try {
                row = schema.readJson(parser);
            } catch (IllegalArgumentException e) {
                badRows.handle(new BadRow(file, lineNumber, column(parser.currentTokenLocation()),
                        fieldOf(parser), line, e.getMessage()));
                return null;
            }
            if (parser.nextToken() != null) {
                badRows.handle(new BadRow(file, lineNumber, column(parser.currentTokenLocation()), null,
                        line, "unexpected text after the JSON object; write one object per line"));
                return null;
            }
            return row;
        } catch (JsonProcessingException e) {
            badRows.handle(new BadRow(file, lineNumber, column(e.getLocation()), fieldOf(parser), line,
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
