package dev.tideway.schema;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.util.Comparator;

/**
 * How values of one Java type are encoded: in the binary format of the log and snapshots, as CSV
 * text, and as JSON. Generated companions compose these (a {@code List<Optional<Long>>} component
 * uses {@code ValueTypes.list(ValueTypes.optional(ValueTypes.LONG))}); {@link ValueTypes} holds the
 * supported ones.
 *
 * <p>Text and JSON parse errors are {@link IllegalArgumentException}s that say what was expected;
 * the connector that called adds where (file, line, column).
 *
 * @param <V> the Java type of the values
 */
public abstract class ValueType<V> {
    private final String descriptor;
    private final boolean nullable;

    protected ValueType(String descriptor, boolean nullable) {
        this.descriptor = descriptor;
        this.nullable = nullable;
    }

    /**
     * A stable description of the type, such as {@code long}, {@code optional<string>} or
     * {@code list<record<Word>>}. Schema fingerprints and persisted schemas are built from it.
     */
    public final String descriptor() {
        return descriptor;
    }

    /** Whether a row may hold null (boxed types) or an empty value ({@code Optional}). */
    public final boolean nullable() {
        return nullable;
    }

    /** The value a missing cell or JSON field stands for: null, or an empty {@code Optional}. */
    public V absent() {
        if (!nullable) {
            throw new IllegalArgumentException("a " + descriptor + " value is required");
        }
        return null;
    }

    public abstract void write(BinaryWriter out, V value);

    public abstract V read(BinaryReader in);

    /** Parses a CSV cell. An empty cell is {@link #absent()} for nullable types. */
    public abstract V parseText(String text);

    /** Formats a value as a CSV cell; the inverse of {@link #parseText}. */
    public abstract String formatText(V value);

    public abstract void writeJson(JsonGenerator out, V value) throws IOException;

    /** Reads the value at the parser's current token, leaving the parser on its last token. */
    public abstract V readJson(JsonParser in) throws IOException;

    /** An order on values, for min, max and sorted reducers; null if the type has none. */
    public abstract Comparator<? super V> comparator();

    @Override
    public String toString() {
        return descriptor;
    }
}
