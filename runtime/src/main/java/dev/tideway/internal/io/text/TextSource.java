package dev.tideway.internal.io.text;

import dev.tideway.io.file.FileReadOptions;
import dev.tideway.internal.io.file.FileSource;
import dev.tideway.spi.ParsedRows;
import dev.tideway.internal.io.file.UnitText;
import java.io.IOException;
import java.nio.file.Path;
import dev.tideway.io.text.Text;
import dev.tideway.io.text.TextLine;

/**
 * Reads text files line by line, a file or a directory of them; see {@link Text#read}. A line that
 * is not UTF-8 is a bad row (reported with its file and line, and skipped or stopped on as the
 * bad-row policy says).
 */
public final class TextSource extends FileSource<TextLine> {
    public TextSource(Path fileOrDirectory, FileReadOptions options) {
        super("text", fileOrDirectory, TextLine.SCHEMA, options);
    }

    @Override
    protected void parse(UnitText text, String file, ParsedRows<TextLine> rows) throws IOException {
        long lineNumber = 0;
        for (String line = text.readLine(); line != null; line = text.readLine()) {
            lineNumber++;
            if (!text.isBadLine(lineNumber)) {
                rows.add(new TextLine(line), lineNumber);
            }
        }
    }
}
