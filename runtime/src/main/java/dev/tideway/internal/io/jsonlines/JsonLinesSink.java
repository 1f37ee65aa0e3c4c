package dev.tideway.internal.io.jsonlines;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.tideway.spi.ChangeBatch;
import dev.tideway.internal.io.file.CommittedFileWriter;
import dev.tideway.internal.io.file.FileSink;
import dev.tideway.io.file.FileWriteOptions;
import dev.tideway.schema.RowSchema;
import java.io.IOException;
import java.nio.file.Path;
import dev.tideway.io.jsonlines.JsonLines;

/**
 * Writes a table's changes to a JSON Lines file, one object per change with the row's fields,
 * {@code time} and {@code diff} (or the names {@link FileWriteOptions} gives them); see
 * {@link JsonLines#write}.
 *
 * @param <T> the row type
 */
public final class JsonLinesSink<T> extends FileSink<T> {
    private JsonGenerator json;

    public JsonLinesSink(Path file) {
        this(file, FileWriteOptions.defaults());
    }

    public JsonLinesSink(Path file, FileWriteOptions options) {
        super("jsonlines", file, options);
    }

    @Override
    protected void opened(CommittedFileWriter out) throws IOException {
        // one generator for the whole run: its buffer is reused for every line
        json = JsonLinesRowParser.FACTORY.createGenerator(out.stream());
        json.setRootValueSeparator(null);
    }

    @Override
    public void write(long time, ChangeBatch<T> changes, RowSchema<T> schema) throws IOException {
        for (int i = 0; i < changes.size(); i++) {
            T row = changes.row(i);
            json.writeStartObject();
            schema.writeJsonFields(row, json);
            json.writeNumberField(options().timeColumn(), time);
            json.writeNumberField(options().diffColumn(), changes.diff(i) > 0 ? 1 : -1);
            json.writeEndObject();
            json.writeRaw('\n');
        }
    }

    @Override
    protected void flush() throws IOException {
        json.flush();
    }
}
