package dev.tideway.io.text;

import dev.tideway.Table;
import dev.tideway.spi.Connectors;
import dev.tideway.io.file.FileReadOptions;
import java.nio.file.Path;
import dev.tideway.internal.io.text.TextSource;

/**
 * Plain text files as a table of lines, one {@link TextLine} per line (empty lines included, line
 * breaks {@code \n}, {@code \r\n} or {@code \r} removed), read as UTF-8.
 *
 * <pre>{@code
 * Table<TextLine> lines = Text.read(Path.of("logs/"));                       // streaming
 * Table<TextLine> once = Text.read(Path.of("book.txt"), FileReadOptions.defaults().withStreaming(false));
 * }</pre>
 *
 * <p>A file or a directory is read as {@link dev.tideway.io.csv.Csv CSV} is: each file whole, a file
 * with other bytes read again and its old lines retracted, a deleted file's lines retracted, an
 * incomplete last line left for later in streaming reads, a moved folder the same table. A line that
 * is not UTF-8 stops the run naming the file and line, or is skipped and reported under
 * {@link dev.tideway.io.file.BadRowPolicy#SKIP}.
 */
public final class Text {
    private Text() {}

    /** Reads a text file or directory, streaming. */
    public static Table<TextLine> read(Path fileOrDirectory) {
        return read(fileOrDirectory, FileReadOptions.defaults());
    }

    /** Reads a text file or directory. */
    public static Table<TextLine> read(Path fileOrDirectory, FileReadOptions options) {
        return Connectors.source(new TextSource(fileOrDirectory, options), options.persistentId().orElse(null));
    }
}
