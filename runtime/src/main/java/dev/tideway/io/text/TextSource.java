package dev.tideway.io.text;

import dev.tideway.io.file.FileReadOptions;
import dev.tideway.io.file.FileSource;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Reads text files line by line, a file or a directory of them; see {@link Text#read}. */
public final class TextSource extends FileSource<TextLine> {
    public TextSource(Path fileOrDirectory, FileReadOptions options) {
        super("text", fileOrDirectory, TextLine.SCHEMA, options);
    }

    @Override
    protected void readFile(Path file, List<TextLine> rows) throws IOException {
        try (BufferedReader in = openText(file)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                rows.add(new TextLine(line));
            }
        }
    }
}
