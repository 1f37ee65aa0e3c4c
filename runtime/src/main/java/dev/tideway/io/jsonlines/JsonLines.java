package dev.tideway.io.jsonlines;

import dev.tideway.Table;
import dev.tideway.spi.Connectors;
import dev.tideway.io.file.FileReadOptions;
import dev.tideway.io.file.FileWriteOptions;
import dev.tideway.schema.RowSchema;
import java.nio.file.Path;
import dev.tideway.internal.io.jsonlines.JsonLinesSink;
import dev.tideway.internal.io.jsonlines.JsonLinesSource;

/**
 * JSON Lines files as tables: one JSON object per line.
 *
 * <pre>{@code
 * Table<Event> events = JsonLines.read(Path.of("events/"), Event_.SCHEMA);    // streaming: polled
 * JsonLines.write(counts, Path.of("out/counts.jsonl"));
 * // {"word":"a","count":2,"time":1732,"diff":1}
 * }</pre>
 *
 * <p><b>Reading.</b> A file or a directory is read as {@link dev.tideway.io.csv.Csv CSV} is: each
 * file whole, a file with other bytes read again and its old rows retracted, a deleted file's rows
 * retracted, an incomplete last line left for later in streaming reads, a moved folder the same
 * table. Blank lines are skipped; fields the schema does not know are ignored; a missing nullable
 * field is absent. Invalid JSON, a missing required field, a value of the wrong type, a line that is
 * not UTF-8 or a duplicate primary key stops the run with an error naming the file, line, column and
 * field, or is skipped and reported under {@link dev.tideway.io.file.BadRowPolicy#SKIP}.
 *
 * <p><b>Writing.</b> One object per change: the row's fields by their external names, then
 * {@code time}, the wall-clock time of the commit that made the change in epoch milliseconds
 * (increasing from one commit to the next), and {@code diff}, 1 for an insertion and -1 for a
 * retraction, as Pathway writes them; {@link FileWriteOptions} renames these two. An update is a
 * retraction of the old row and an insertion of the new one at the same time. Without persistence
 * the file is emptied when the run starts; with persistence a restart continues it from the length
 * the last commit recorded (lines written after that commit, by a run that crashed, are cut off), and
 * it is rewritten from the start, with the whole current result, when the pipeline up to its sinks
 * changed or a source's schema was migrated.
 */
public final class JsonLines {
    private JsonLines() {}

    /** Reads a JSON Lines file or directory, streaming. */
    public static <T> Table<T> read(Path fileOrDirectory, RowSchema<T> schema) {
        return read(fileOrDirectory, schema, FileReadOptions.defaults());
    }

    /** Reads a JSON Lines file or directory. */
    public static <T> Table<T> read(Path fileOrDirectory, RowSchema<T> schema, FileReadOptions options) {
        return Connectors.source(new JsonLinesSource<>(fileOrDirectory, schema, options), options.persistentId().orElse(null));
    }

    /**
     * Writes the changes of {@code table} to {@code file}, emptied when a run starts afresh, with the
     * columns {@code time} and {@code diff}.
     *
     * @throws IllegalArgumentException if a field of the rows is named {@code time} or {@code diff};
     *     see {@link #write(Table, Path, FileWriteOptions)}
     */
    public static <T> void write(Table<T> table, Path file) {
        write(table, file, FileWriteOptions.defaults());
    }

    /**
     * Writes the changes of {@code table} to {@code file}, with the change columns named by
     * {@code options}.
     *
     * @throws IllegalArgumentException if a field of the rows has the name of one of the change
     *     columns (checked now, when the pipeline is built)
     */
    public static <T> void write(Table<T> table, Path file, FileWriteOptions options) {
        options.checkNoClash(table.schema(), "JsonLines.write to " + file);
        Connectors.sink(table, new JsonLinesSink<>(file, options));
    }
}
