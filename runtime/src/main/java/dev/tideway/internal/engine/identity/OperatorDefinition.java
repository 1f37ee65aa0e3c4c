package dev.tideway.internal.engine.identity;

import dev.tideway.Expr;
import dev.tideway.schema.RowSchema;
import java.util.List;

/**
 * Writes an operator's canonical definition: its kind, then its parameters in a fixed order, each
 * {@code name=value} with a canonical value ({@link Canonical}):
 * {@code select{fields=[upper:string($word:string)];into=(word string)}}. The text is frozen with
 * {@link OperatorIdentity}; an operator adds a parameter only with a new identity version.
 *
 * <pre>{@code
 * String definition = new OperatorDefinition("filter").expr("predicate", predicate).text();
 * }</pre>
 *
 * <p>Not thread-safe; build one per definition.
 */
public final class OperatorDefinition {
    private final StringBuilder text;
    private boolean first = true;

    public OperatorDefinition(String kind) {
        this.text = new StringBuilder(kind).append('{');
    }

    /** A parameter whose value is already canonical text. */
    public OperatorDefinition param(String name, String canonicalValue) {
        text.append(first ? "" : ";").append(name).append('=').append(canonicalValue);
        first = false;
        return this;
    }

    /** A number (ticks, lengths, flags as 0/1 are written as numbers). */
    public OperatorDefinition param(String name, long value) {
        return param(name, Long.toString(value));
    }

    /** A flag. */
    public OperatorDefinition param(String name, boolean value) {
        return param(name, value ? "true" : "false");
    }

    public OperatorDefinition expr(String name, Expr<?> expr) {
        return param(name, Canonical.expr(expr));
    }

    public OperatorDefinition exprs(String name, List<? extends Expr<?>> exprs) {
        return param(name, Canonical.exprs(exprs));
    }

    public OperatorDefinition exprs(String name, Expr<?>... exprs) {
        return param(name, Canonical.exprs(exprs));
    }

    public OperatorDefinition schema(String name, RowSchema<?> schema) {
        return param(name, Canonical.schema(schema));
    }

    /** A user function (a lambda, a method reference, an object): its {@linkplain FunctionIdentity identity}. */
    public OperatorDefinition function(String name, Object function) {
        return param(name, FunctionIdentity.of(function));
    }

    /** The definition. */
    public String text() {
        return text + "}";
    }

    @Override
    public String toString() {
        return text();
    }
}
