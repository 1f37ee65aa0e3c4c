package dev.tideway.io.csv;

import dev.tideway.engine.input.InputException;
import dev.tideway.io.file.BadRow;
import dev.tideway.io.file.FileSource;
import dev.tideway.schema.RowSchema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads CSV files with a header line, a file or a directory of them; see {@link Csv#read}.
 *
 * @param <T> the row type
 */
public final class CsvSource<T> extends FileSource<T> {
    private final CSVFormat format;

    public CsvSource(Path fileOrDirectory, RowSchema<T> schema, CsvReadOptions options) {
        super("csv", fileOrDirectory, schema, options.fileOptions());
        this.format = CSVFormat.DEFAULT.builder()
                .setDelimiter(options.delimiter())
                .setIgnoreEmptyLines(true)
                .get();
    }

    @Override
    protected void readFile(Path file, List<T> rows) throws IOException {
        try (BufferedReader in = openText(file); CSVParser parser = format.parse(in)) {
            Iterator<CSVRecord> records = parser.iterator();
            if (!records.hasNext()) {
                return;     // an empty file, maybe still being created: no header yet, no rows
            }
            CsvColumns columns = CsvColumns.of(schema(), records.next(), file);
            CsvCells cells = new CsvCells(columns);
            while (records.hasNext()) {
                CSVRecord record = records.next();
                long line = parser.getCurrentLineNumber();
                if (record.size() != columns.width()) {
                    badRows().handle(wrongWidth(file, line, record, columns));
                    continue;
                }
                cells.moveTo(record);
                try {
                    rows.add(schema().readText(cells));
                } catch (IllegalArgumentException e) {
                    badRows().handle(badValue(file, line, record, columns, cells.lastField(), e));
                }
            }
        } catch (UncheckedIOException e) {
            // Commons CSV reports malformed quoting (and decoding errors) this way; the parser cannot
            // find the next row reliably after it, so this stops the run whatever the bad-row policy
            if (e.getCause() instanceof CharacterCodingException coding) {
                throw coding;
            }
            throw new InputException("file " + file + ": cannot parse it as CSV: " + e.getCause().getMessage()
                    + ". Fix the quoting (a quote inside a quoted cell is written twice: \"\")", e);
        }
    }

    private static BadRow wrongWidth(Path file, long line, CSVRecord record, CsvColumns columns) {
        int first = Math.min(record.size(), columns.width());
        String columnName = first < columns.width() ? columns.name(first) : null;
        return new BadRow(file.toString(), line, first + 1, columnName, String.join(",", record.values()),
                "expected " + columns.width() + " cells as in the header (" + columns.describe() + "), found "
                        + record.size());
    }

    private BadRow badValue(Path file, long line, CSVRecord record, CsvColumns columns, int field,
            IllegalArgumentException e) {
        if (field < 0) {
            return new BadRow(file.toString(), line, 0, null, String.join(",", record.values()), e.getMessage());
        }
        // generated readers name the column in their message (RowSchema.badTextField); the row says it already
        String problem = e.getCause() instanceof IllegalArgumentException cause ? cause.getMessage() : e.getMessage();
        int column = columns.columnOf(field);
        if (column < 0) {
            return new BadRow(file.toString(), line, 0, schema().fields().get(field).externalName(), null, problem);
        }
        return new BadRow(file.toString(), line, column + 1, columns.name(column), record.get(column), problem);
    }
}
