package dev.tideway.flink.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import dev.tideway.flink.runtime.Change;
import dev.tideway.flink.types.RowSchemas;
import dev.tideway.schema.RowSchema;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Serializable;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;

/**
 * Writes changes as the embedded engine's file sinks write them, into the part files of Flink's
 * {@code FileSink}: one line per change, the row's fields by external name, then the time and diff
 * columns. JSON Lines: one object a line. CSV: a header line opening every part file, then one
 * record a line. Part files are rolled at every checkpoint, so each holds whole lines.
 *
 * @param json JSON Lines (true) or CSV (false)
 * @param type the record class of the rows
 * @param timeColumn the name of the time column
 * @param diffColumn the name of the diff column
 */
public record ChangeLinesFormat(boolean json, Class<?> type, String timeColumn, String diffColumn)
        implements BulkWriter.Factory<Change>, Serializable {
    private static final CSVFormat CSV = CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get();
    /** As the embedded JSON Lines sink's: the part file's stream belongs to Flink, which closes it when it commits the file. */
    private static final JsonFactory JSON = JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

    @Override
    @SuppressWarnings("unchecked")
    public BulkWriter<Change> create(FSDataOutputStream out) throws IOException {
        RowSchema<Object> schema = (RowSchema<Object>) RowSchemas.of(type);
        return json ? new JsonWriter(out, schema, timeColumn, diffColumn) : new CsvWriter(out, schema, timeColumn, diffColumn);
    }

    private static final class JsonWriter implements BulkWriter<Change> {
        private final JsonGenerator json;
        private final RowSchema<Object> schema;
        private final String timeColumn;
        private final String diffColumn;

        JsonWriter(FSDataOutputStream out, RowSchema<Object> schema, String timeColumn, String diffColumn) throws IOException {
            this.json = JSON.createGenerator(out);
            this.json.setRootValueSeparator(null);
            this.schema = schema;
            this.timeColumn = timeColumn;
            this.diffColumn = diffColumn;
        }

        @Override
        public void addElement(Change change) throws IOException {
            json.writeStartObject();
            schema.writeJsonFields(change.row(), json);
            json.writeNumberField(timeColumn, change.time());
            json.writeNumberField(diffColumn, change.diff() > 0 ? 1 : -1);
            json.writeEndObject();
            json.writeRaw('\n');
        }

        @Override
        public void flush() throws IOException {
            json.flush();
        }

        @Override
        public void finish() throws IOException {
            json.flush();
        }
    }

    private static final class CsvWriter implements BulkWriter<Change> {
        private final Writer text;
        private final CSVPrinter printer;
        private final RowSchema<Object> schema;

        CsvWriter(FSDataOutputStream out, RowSchema<Object> schema, String timeColumn, String diffColumn) throws IOException {
            this.text = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            this.printer = new CSVPrinter(text, CSV);
            this.schema = schema;
            for (int i = 0; i < schema.fields().size(); i++) {
                printer.print(schema.fields().get(i).externalName());
            }
            printer.print(timeColumn);
            printer.print(diffColumn);
            printer.println();
        }

        @Override
        public void addElement(Change change) throws IOException {
            for (int field = 0; field < schema.fields().size(); field++) {
                printer.print(schema.formatText(change.row(), field));
            }
            printer.print(Long.toString(change.time()));
            printer.print(change.diff() > 0 ? "1" : "-1");
            printer.println();
        }

        @Override
        public void flush() throws IOException {
            text.flush();
        }

        @Override
        public void finish() throws IOException {
            text.flush();
        }
    }
}
