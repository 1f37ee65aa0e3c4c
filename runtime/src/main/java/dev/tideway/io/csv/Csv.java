package dev.tideway.io.csv;

import dev.tideway.Table;
import dev.tideway.spi.Connectors;
import dev.tideway.io.file.FileWriteOptions;
import dev.tideway.schema.RowSchema;
import java.nio.file.Path;
import dev.tideway.internal.io.csv.CsvSink;
import dev.tideway.internal.io.csv.CsvSource;

/**
 * CSV files as tables: read a file or a directory of files with a header line, and write a table's
 * changes.
 *
 * <pre>{@code
 * Table<Person> people = Csv.read(Path.of("people/"), Person_.SCHEMA);   // streaming: polled
 * Csv.write(people, Path.of("out/people.csv"));
 * }</pre>
 *
 * <p><b>Reading.</b> The first line of each file is its header. Columns match the schema's fields by
 * name (the {@code @Column} name if given), in any order; other columns are ignored; a nullable field
 * without a column is absent; a required field without one is an error naming the file. Each file is
 * read whole: a new file inserts its rows, a modified one retracts its old rows and inserts the new
 * ones, a deleted one retracts its rows. A file is modified when its bytes are: one rewritten with
 * its old size and modification time ({@code cp -p}, {@code rsync -t}) is read again, one touched,
 * moved or copied with the same bytes is not.
 * Hidden files and names ending in {@code ~} or {@code .tmp} are ignored, so a file written as
 * {@code x.tmp} and renamed is read once, complete. A streaming read leaves out a last line without
 * its line break until it is written, or the file is quiet for the
 * {@linkplain CsvReadOptions#withIncompleteLineTimeout incomplete-line timeout}.
 *
 * <p><b>Bad rows.</b> Files are UTF-8. A row with the wrong number of cells, a value that does not
 * parse, bytes that are not UTF-8, or a primary key that another row of the source holds stops the
 * run with an error naming the file, line, column and value, or is skipped and reported under {@link
 * dev.tideway.io.file.BadRowPolicy#SKIP}; with {@link dev.tideway.DuplicateKeyPolicy#UPSERT} a later
 * row replaces the earlier one with its key instead.
 *
 * <p><b>Moving the input.</b> Files are known by their path under the folder read, so the same
 * persistent id reading a moved or copied folder continues the same table without reading anything
 * again; files the new folder lacks are retracted (the table follows the folder), and the change is
 * logged as a warning with counts.
 *
 * <p><b>Writing.</b> One line per change: the row's cells, then {@code time}, the wall-clock time of
 * the commit that made the change in epoch milliseconds (increasing from one commit to the next),
 * and {@code diff}, 1 for an insertion and -1 for a retraction, under a header of the fields'
 * external names, {@code time} and {@code diff}, as Pathway writes them; {@link FileWriteOptions}
 * renames the last two. The file is continued or rewritten as
 * {@link dev.tideway.io.jsonlines.JsonLines#write JSON Lines} files are.
 */
public final class Csv {
    private Csv() {}

    /** Reads a CSV file or directory with the {@linkplain CsvReadOptions#defaults() default options}: streaming. */
    public static <T> Table<T> read(Path fileOrDirectory, RowSchema<T> schema) {
        return read(fileOrDirectory, schema, CsvReadOptions.defaults());
    }

    /** Reads a CSV file or directory. */
    public static <T> Table<T> read(Path fileOrDirectory, RowSchema<T> schema, CsvReadOptions options) {
        return Connectors.source(new CsvSource<>(fileOrDirectory, schema, options), options.persistentId().orElse(null));
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
        options.checkNoClash(table.schema(), "Csv.write to " + file);
        Connectors.sink(table, new CsvSink<>(file, table.schema(), options));
    }
}
