package dev.tideway;

/**
 * Functional interfaces for user functions of three to six arguments, the arities of
 * {@link Exprs#apply} beyond {@link java.util.function.Function} and {@link java.util.function.BiFunction}.
 * Written as lambdas; the types are checked by javac against the argument expressions.
 *
 * <pre>{@code
 * Exprs.apply(ValueTypes.DOUBLE, Box_.w, Box_.h, Box_.d, (w, h, d) -> w * h * d)
 * }</pre>
 */
public final class Functions {
    private Functions() {}

    /** A function of three arguments. */
    @FunctionalInterface
    public interface Function3<A, B, C, R> {
        R apply(A a, B b, C c);
    }

    /** A function of four arguments. */
    @FunctionalInterface
    public interface Function4<A, B, C, D, R> {
        R apply(A a, B b, C c, D d);
    }

    /** A function of five arguments. */
    @FunctionalInterface
    public interface Function5<A, B, C, D, E, R> {
        R apply(A a, B b, C c, D d, E e);
    }

    /** A function of six arguments. */
    @FunctionalInterface
    public interface Function6<A, B, C, D, E, F, R> {
        R apply(A a, B b, C c, D d, E e, F f);
    }
}
