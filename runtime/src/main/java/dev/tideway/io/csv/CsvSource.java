package dev.tideway.io.csv;

import dev.tideway.engine.input.InputException;
import dev.tideway.io.file.BadRow;
import dev.tideway.io.file.FileSource;
import dev.tideway.schema.RowSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;

/**
 * Reads CSV files with a header line, a file or a directory of them; see {@link Csv#read}.
 *
 * @param <T> the row type
 */
public final class CsvSource<T> extends FileSource<T> {
    private final CSVFormat format;
    private final char delimiter;

    public CsvSource(Path fileOrDirectory, RowSchema<T> schema, CsvReadOptions options) {
        super("csv", fileOrDirectory, schema, options.fileOptions());
        this.format = CSVFormat.DEFAULT.builder()
                .setDelimiter(options.delimiter())
                .setIgnoreEmptyLines(true)
                .get();
        this.delimiter = options.delimiter();
    }

    @Override
    protected void readFile(Path file, List<T> rows) throws IOException {
        try (CsvRecordReader records = new CsvRecordReader(openText(file), format, delimiter)) {
            if (!records.next()) {
                return;     // an empty file, maybe still being created: no header yet, no rows
            }
            CsvColumns columns = CsvColumns.of(schema(), records.cells(), file);
            CsvCells cells = new CsvCells(columns);
            while (records.next()) {
                String[] record = records.cells();
                long line = records.lineNumber();
                if (record.length != columns.width()) {
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

    private static BadRow wrongWidth(Path file, long line, String[] record, CsvColumns columns) {
        int first = Math.min(record.length, columns.width());
        String columnName = first < columns.width() ? columns.name(first) : null;
        return new BadRow(file.toString(), line, first + 1, columnName, String.join(",", record),
                "expected " + columns.width() + " cells as in the header (" + columns.describe() + "), found "
                        + record.length);
    }

    private BadRow badValue(Path file, long line, String[] record, CsvColumns columns, int field,
            IllegalArgumentException e) {
        if (field < 0) {
            return new BadRow(file.toString(), line, 0, null, String.join(",", record), e.getMessage());
        }
        int column = columns.columnOf(field);
        if (column < 0) {
            return new BadRow(file.toString(), line, 0, schema().fields().get(field).externalName(), null,
                    e.getMessage());
        }
        return new BadRow(file.toString(), line, column + 1, columns.name(column), record[column], e.getMessage());
    }
}
