package dev.tideway;

import dev.tideway.schema.ValueType;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * An expression computed from others by a function of the row: what the expression library
 * ({@link Strings}, {@link DateTimes}, {@link Numbers}, {@link Decimals}, ...) builds. It keeps its
 * operands, so that the columns it reads can be checked against the table it is applied to.
 *
 * @param <V> the type of the value
 */
final class Operation<V> implements Expr<V> {
    private final ValueType<V> type;
    private final String text;
    private final List<Expr<?>> operands;
    private final boolean deterministic;
    private final Function<Object, V> body;

    Operation(ValueType<V> type, String text, List<? extends Expr<?>> operands, Function<Object, V> body) {
        this(type, text, operands, true, body);
    }

    Operation(ValueType<V> type, String text, List<? extends Expr<?>> operands, boolean deterministic, Function<Object, V> body) {
        this.type = Objects.requireNonNull(type, "type");
        this.text = text;
        this.operands = List.copyOf(operands);
        this.deterministic = deterministic && this.operands.stream().allMatch(Expr::deterministic);
        this.body = body;
    }

    /** {@code name(a)}: null when {@code a} is null. */
    static <A, V> Expr<V> unary(ValueType<V> type, String name, Expr<? extends A> a, Function<A, V> f) {
        return new Operation<>(type, name + "(" + a + ")", List.of(a), row -> {
            A x = a.eval(row);
            return x == null ? null : f.apply(x);
        });
    }

    /** {@code name(a, b)}: null when either is null. */
    static <A, B, V> Expr<V> binary(ValueType<V> type, String name, Expr<? extends A> a, Expr<? extends B> b, BiFunction<A, B, V> f) {
        return new Operation<>(type, name + "(" + a + ", " + b + ")", List.of(a, b), row -> {
            A x = a.eval(row);
            B y = b.eval(row);
            return x == null || y == null ? null : f.apply(x, y);
        });
    }

    /** {@code name(a, constant)}: null when {@code a} is null; the constant is part of the text. */
    static <A, V> Expr<V> withConstant(ValueType<V> type, String name, Expr<? extends A> a, Object constant, Function<A, V> f) {
        return new Operation<>(type, name + "(" + a + ", " + quoted(constant) + ")", List.of(a), row -> {
            A x = a.eval(row);
            return x == null ? null : f.apply(x);
        });
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

    @Override
    public String toString() {
        return text;
    }
}
