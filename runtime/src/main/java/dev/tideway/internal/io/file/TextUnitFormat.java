package dev.tideway.internal.io.file;

import dev.tideway.io.file.FileReadOptions;
import dev.tideway.spi.BadRowHandler;
import dev.tideway.spi.ParsedRows;
import dev.tideway.spi.UnitFormat;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.function.Function;

/**
 * A {@link UnitFormat} over the parsers the file sources use: the unit's bytes are decoded into
 * lines by {@link UnitText} (bad UTF-8 is a bad row) and parsed by a {@link TextUnitParser}.
 *
 * @param <T> the row type
 */
public final class TextUnitFormat<T> implements UnitFormat<T> {
    private final String kind;
    private final BadRowHandler badRows;
    private final TextUnitParser<T> parser;

    /** @param parserOf makes the parser from the bad-row handler of {@code options} */
    public TextUnitFormat(String kind, FileReadOptions options, Function<BadRowHandler, TextUnitParser<T>> parserOf) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.badRows = options.badRowHandler();
        this.parser = parserOf.apply(badRows);
    }

    @Override
    public String kind() {
        return kind;
    }

    @Override
    public ParsedRows<T> read(InputStream bytes, String origin) throws IOException {
        ParsedRows<T> rows = new ParsedRows<>();
        // a whole unit: its last line is taken without a line break, and its size is not limited
        try (UnitText text = new UnitText(bytes, origin, badRows, false, Long.MAX_VALUE)) {
            parser.parse(text, origin, rows);
        }
        return rows;
    }

    @Override
    public BadRowHandler badRows() {
        return badRows;
    }
}
