package dev.tideway;

import dev.tideway.internal.engine.identity.Canonical;
import dev.tideway.schema.ValueType;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * An expression computed from others by a function of the row: what the expression library
 * ({@link Strings}, {@link DateTimes}, {@link Numbers}, {@link Decimals}, ...) builds. It keeps its
 * operands, so that the columns it reads can be checked against the table it is applied to, and its
 * canonical form: the library function it runs (such as {@code strings.upper}, frozen with operator
 * identity), the constants it was given, its type and its operands'.
 *
 * @param <V> the type of the value
 */
final class Operation<V> implements Expr<V>, CanonicalForm {
    private final ValueType<V> type;
    private final String text;
    private final String function;
    private final String detail;
    private final List<Expr<?>> operands;
    private final boolean deterministic;
    private final Function<Object, V> body;

    /**
     * @param text the expression in messages, such as {@code upper(name)}
     * @param function the function in the canonical form, such as {@code strings.upper}
     * @param detail the constants in the canonical form ({@link Canonical#constants}), or null
     */
    Operation(ValueType<V> type, String text, String function, String detail, List<? extends Expr<?>> operands, Function<Object, V> body) {
        this(type, text, function, detail, operands, true, body);
    }

    Operation(ValueType<V> type, String text, String function, String detail, List<? extends Expr<?>> operands, boolean deterministic,
              Function<Object, V> body) {
        this.type = Objects.requireNonNull(type, "type");
        this.text = text;
        this.function = Objects.requireNonNull(function, "function");
        this.detail = detail;
        this.operands = List.copyOf(operands);
        this.deterministic = deterministic && this.operands.stream().allMatch(Expr::deterministic);
        this.body = body;
    }

    /** {@code name(a)}: null when {@code a} is null; {@code function} is qualified by its library, {@code strings.upper}. */
    static <A, V> Expr<V> unary(ValueType<V> type, String function, Expr<? extends A> a, Function<A, V> f) {
        return new Operation<>(type, name(function) + "(" + a + ")", function, null, List.of(a), row -> {
            A x = a.eval(row);
            return x == null ? null : f.apply(x);
        });
    }

    /** {@code name(a, b)}: null when either is null. */
    static <A, B, V> Expr<V> binary(ValueType<V> type, String function, Expr<? extends A> a, Expr<? extends B> b, BiFunction<A, B, V> f) {
        return new Operation<>(type, name(function) + "(" + a + ", " + b + ")", function, null, List.of(a, b), row -> {
            A x = a.eval(row);
            B y = b.eval(row);
            return x == null || y == null ? null : f.apply(x, y);
        });
    }

    /** {@code name(a, constants...)}: null when {@code a} is null; the constants are part of the text and of the canonical form. */
    static <A, V> Expr<V> withConstants(ValueType<V> type, String function, Expr<? extends A> a, List<?> constants, Function<A, V> f) {
        StringBuilder text = new StringBuilder(name(function)).append('(').append(a);
        for (Object constant : constants) {
            text.append(", ").append(quoted(constant));
        }
        return new Operation<>(type, text.append(')').toString(), function, Canonical.constants(constants), List.of(a), row -> {
            A x = a.eval(row);
            return x == null ? null : f.apply(x);
        });
    }

    /** The function's name without its library: {@code upper} of {@code strings.upper}. */
    static String name(String function) {
        return function.substring(function.lastIndexOf('.') + 1);
    }

    static String quoted(Object constant) {
        return constant instanceof String s ? '"' + s + '"' : String.valueOf(constant);
    }

    @Override
    public ValueType<V> type() {
        return type;
    }

    @Override
    public V eval(Object row) {
        return body.apply(row);
    }

    @Override
    public boolean deterministic() {
        return deterministic;
    }

    @Override
    public List<Expr<?>> operands() {
        return operands;
    }

    /** {@code function[constants]:type(operands)}: {@code strings.padStart[8,"0"]:string($id:string)}. */
    @Override
    public String canonicalForm() {
        return Canonical.call(function, detail, type.descriptor(), operands);
    }

    @Override
    public String toString() {
        return text;
    }
}
