package dev.tideway.internal.io.jsonlines;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.tideway.spi.ChangeBatch;
import dev.tideway.spi.OutputConnector;
import dev.tideway.internal.io.file.CommittedFileWriter;
import dev.tideway.io.file.FileWriteOptions;
import dev.tideway.schema.RowSchema;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import dev.tideway.io.jsonlines.JsonLines;

/**
 * Writes a table's changes to a JSON Lines file, one object per change with the row's fields,
 * {@code time} and {@code diff} (or the names {@link FileWriteOptions} gives them); see
 * {@link JsonLines#write}.
 *
 * @param <T> the row type
 */
public final class JsonLinesSink<T> implements OutputConnector<T> {
    private final Path file;
    private final FileWriteOptions options;
    private CommittedFileWriter out;
    private JsonGenerator json;

    public JsonLinesSink(Path file) {
        this(file, FileWriteOptions.defaults());
    }

    public JsonLinesSink(Path file, FileWriteOptions options) {
        this.file = Objects.requireNonNull(file, "file").toAbsolutePath().normalize();
        this.options = Objects.requireNonNull(options, "options");
    }

    /** The file written, absolute and normalized. */
    public Path file() {
        return file;
    }

    /** The names of the time and diff columns. */
    public FileWriteOptions options() {
        return options;
    }

    @Override
    public String name() {
        return "jsonlines:" + file;
    }

    @Override
    public boolean exclusive() {
        return true;
    }

    @Override
    public String persistentName() {
        return options.persistentName(name());
    }

    @Override
    public String definition() {
        return options.definition("jsonlines", name());
    }

    @Override
    public void open(long committedPosition) throws IOException {
        out = CommittedFileWriter.open(file, committedPosition);
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
            json.writeNumberField(options.timeColumn(), time);
            json.writeNumberField(options.diffColumn(), changes.diff(i) > 0 ? 1 : -1);
            json.writeEndObject();
            json.writeRaw('\n');
        }
    }

    @Override
    public long commit() throws IOException {
        json.flush();
        return out.commit();
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            try {
                json.flush();
            } finally {
                out.close();
                out = null;
            }
        }
    }
}
