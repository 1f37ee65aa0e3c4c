package dev.tideway.spi;

import dev.tideway.internal.engine.identity.Canonical;
import java.util.List;
import java.util.function.Function;

/**
 * Writes the parts of a sink's {@link OutputConnector#definition()} in the canonical text of
 * operator identity (frozen with it: {@code docs/state-format.md}, "Operator identity"), so that a
 * name or a column list cannot be mistaken for another whatever characters it holds.
 *
 * <pre>{@code
 * public String definition() {
 *     return "kafka{output=" + DefinitionText.quote(topic) + ";keys=" + DefinitionText.list(keys, DefinitionText::quote) + "}";
 * }
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class DefinitionText {
    private DefinitionText() {}

    /** Text in double quotes, with {@code "}, {@code \} and control characters escaped: {@code "a\"b"}. */
    public static String quote(String text) {
        return Canonical.quote(text);
    }

    /** Items as {@code [a,b]}, each written by {@code writer}. */
    public static <T> String list(List<T> items, Function<? super T, String> writer) {
        return Canonical.list(items, writer);
    }
}
