package dev.tideway.internal.io.csv;

import dev.tideway.InputException;
import dev.tideway.io.file.BadRow;
import dev.tideway.spi.BadRowHandler;
import dev.tideway.spi.ParsedRows;
import dev.tideway.internal.io.file.TextUnitParser;
import dev.tideway.internal.io.file.UnitText;
import dev.tideway.schema.RowSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import org.apache.commons.csv.CSVFormat;

/**
 * Parses one CSV text with a header line into rows, for the file source and the S3 source: columns
 * matched by name, rows of the wrong width or with unparsable values handed to the bad-row handler,
 * records on a line that is not UTF-8 (reported when decoded) skipped.
 *
 * @param <T> the row type
 */
public final class CsvRowParser<T> implements TextUnitParser<T> {
    private final RowSchema<T> schema;
    private final CSVFormat format;
    private final BadRowHandler badRows;
    private final char delimiter;

    public CsvRowParser(RowSchema<T> schema, char delimiter, BadRowHandler badRows) {
        this.schema = Objects.requireNonNull(schema, "schema");
        this.badRows = Objects.requireNonNull(badRows, "badRows");
        this.delimiter = delimiter;
        this.format = CSVFormat.DEFAULT.builder()
                .setDelimiter(delimiter)
                .setIgnoreEmptyLines(true)
                .get();
    }

    @Override
    public void parse(UnitText in, String file, ParsedRows<T> rows) throws IOException {
        try (CsvRecordReader records = new CsvRecordReader(in, format, delimiter)) {
            if (!records.next()) {
                return;     // an empty file, maybe still being created: no header yet, no rows
            }
            long previous = records.lineNumber();
            if (in.hasBadLine(0, previous)) {
                throw new InputException("file " + file + ", line " + previous + ": the header is not valid UTF-8 text, so"
                        + " no column can be matched. Save the file as UTF-8");
            }
            CsvColumns columns = CsvColumns.of(schema, records.cells(), file);
            CsvCells cells = new CsvCells(columns);
            while (records.next()) {
                String[] record = records.cells();
                long line = records.lineNumber();
                // a record on a line that is not UTF-8 was reported when the line was decoded
                boolean undecodable = in.hasBadLine(previous, line);
                previous = line;
                if (undecodable) {
                    continue;
                }
                if (record.length != columns.width()) {
                    badRows.handle(wrongWidth(file, line, record, columns));
                    continue;
                }
                cells.moveTo(record);
                try {
                    rows.add(schema.readText(cells), line);
                } catch (IllegalArgumentException e) {
                    badRows.handle(badValue(file, line, record, columns, cells.lastField(), e));
                }
            }
        } catch (UncheckedIOException e) {
            if (in.wholeLinesOnly() && endsInsideQuotes(e)) {
                in.leaveIncomplete();   // a quoted cell over several lines, still being written
                return;
            }
            // Commons CSV reports malformed quoting this way; the parser cannot find the next row
            // reliably after it, so this stops the run whatever the bad-row policy
            throw new InputException("file " + file + ": cannot parse it as CSV: " + e.getCause().getMessage()
                    + ". Fix the quoting (a quote inside a quoted cell is written twice: \"\")", e);
        }
    }

    /** Whether Commons CSV met the end of the text inside a quoted cell (its wording, tested in FileDirectoryScannerTest). */
    private static boolean endsInsideQuotes(UncheckedIOException e) {
        String message = e.getCause() == null ? null : e.getCause().getMessage();
        return message != null && message.contains("EOF reached before encapsulated token finished");
    }

    private static BadRow wrongWidth(String file, long line, String[] record, CsvColumns columns) {
        int first = Math.min(record.length, columns.width());
        String columnName = first < columns.width() ? columns.name(first) : null;
        return new BadRow(file, line, first + 1, columnName, String.join(",", record),
                "expected " + columns.width() + " cells as in the header (" + columns.describe() + "), found "
                        + record.length);
    }

    private BadRow badValue(String file, long line, String[] record, CsvColumns columns, int field,
            IllegalArgumentException e) {
        if (field < 0) {
            return new BadRow(file, line, 0, null, String.join(",", record), e.getMessage());
        }
        // generated readers name the column in their message (RowSchema.badTextField); the row says it already
        String problem = e.getCause() instanceof IllegalArgumentException cause ? cause.getMessage() : e.getMessage();
        int column = columns.columnOf(field);
        if (column < 0) {
            return new BadRow(file, line, 0, schema.fields().get(field).externalName(), null, problem);
        }
        return new BadRow(file, line, column + 1, columns.name(column), record[column], problem);
    }
}
