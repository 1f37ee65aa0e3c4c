package dev.tideway.internal.io.csv;

import dev.tideway.spi.ChangeBatch;
import dev.tideway.internal.io.file.CommittedFileWriter;
import dev.tideway.internal.io.file.FileSink;
import dev.tideway.io.file.FileWriteOptions;
import dev.tideway.schema.RowSchema;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import dev.tideway.io.csv.Csv;

/**
 * Writes a table's changes to a CSV file, one line per change: the row's cells, then {@code time}
 * and {@code diff} (or the names {@link FileWriteOptions} gives them); see {@link Csv#write}.
 *
 * @param <T> the row type
 */
public final class CsvSink<T> extends FileSink<T> {
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get();

    private final RowSchema<T> schema;
    private Writer text;
    private CSVPrinter printer;

    public CsvSink(Path file, RowSchema<T> schema) {
        this(file, schema, FileWriteOptions.defaults());
    }

    public CsvSink(Path file, RowSchema<T> schema, FileWriteOptions options) {
        super("csv", file, options);
        this.schema = Objects.requireNonNull(schema, "schema");
    }

    @Override
    protected void opened(CommittedFileWriter out) throws IOException {
        text = new OutputStreamWriter(out.stream(), StandardCharsets.UTF_8);
        printer = new CSVPrinter(text, FORMAT);
        if (out.length() == 0) {
            for (int i = 0; i < schema.fields().size(); i++) {
                printer.print(schema.fields().get(i).externalName());
            }
            printer.print(options().timeColumn());
            printer.print(options().diffColumn());
            printer.println();
        }
    }

    @Override
    public void write(long time, ChangeBatch<T> changes, RowSchema<T> rowSchema) throws IOException {
        String timeText = Long.toString(time);
        int fields = rowSchema.fields().size();
        for (int i = 0; i < changes.size(); i++) {
            T row = changes.row(i);
            for (int field = 0; field < fields; field++) {
                printer.print(rowSchema.formatText(row, field));
            }
            printer.print(timeText);
            printer.print(changes.diff(i) > 0 ? "1" : "-1");
            printer.println();
        }
    }

    @Override
    protected void flush() throws IOException {
        text.flush();
    }
}
