package dev.tideway;

import dev.tideway.internal.engine.identity.Canonical;
import dev.tideway.internal.engine.identity.FunctionIdentity;
import dev.tideway.schema.ValueType;
import dev.tideway.schema.ValueTypes;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.IntPredicate;

/**
 * Expressions beyond columns: constants, arithmetic, boolean logic, string functions,
 * {@code coalesce}, {@code ifElse}, casts and user functions (UDFs). Import statically:
 *
 * <pre>{@code
 * import static dev.tideway.Exprs.*;
 *
 * orders.filter(and(Order_.qty.gt(0L), not(Order_.cancelled)))
 *       .select(Line_.of(upper(Order_.sku), times(Order_.qty, Order_.price)));
 * }</pre>
 *
 * <p>Arithmetic and string functions give null when an operand is null; comparisons give false.
 */
public final class Exprs {
    private Exprs() {}

    /** A constant of a type Tideway knows: String, Long, Integer, Double, Boolean. */
    public static Expr<String> lit(String value) {
        return lit(value, ValueTypes.STRING);
    }

    public static Expr<Long> lit(long value) {
        return lit(value, ValueTypes.LONG);
    }

    public static Expr<Integer> lit(int value) {
        return lit(value, ValueTypes.INT);
    }

    public static Expr<Double> lit(double value) {
        return lit(value, ValueTypes.DOUBLE);
    }

    public static Expr<Boolean> lit(boolean value) {
        return lit(value, ValueTypes.BOOLEAN);
    }

    /** A constant of any value type. */
    public static <V> Expr<V> lit(V value, ValueType<V> type) {
        String constant = value == null ? "null" : Canonical.quote(type.formatText(value));
        return new Computed<>(type, String.valueOf(value), "lit", constant, List.of(), true, row -> value);
    }

    // ---- arithmetic ----

    public static Expr<Long> plus(Expr<Long> a, Expr<Long> b) {
        return binary(ValueTypes.LONG, "+", a, b, Long::sum);
    }

    public static Expr<Long> minus(Expr<Long> a, Expr<Long> b) {
        return binary(ValueTypes.LONG, "-", a, b, (x, y) -> x - y);
    }

    public static Expr<Long> times(Expr<Long> a, Expr<Long> b) {
        return binary(ValueTypes.LONG, "*", a, b, (x, y) -> x * y);
    }

    /** Integer division; division by zero gives null. */
    public static Expr<Long> div(Expr<Long> a, Expr<Long> b) {
        return binary(ValueTypes.nullable(ValueTypes.LONG), "/", a, b, (x, y) -> y == 0 ? null : x / y);
    }

    public static Expr<Long> mod(Expr<Long> a, Expr<Long> b) {
        return binary(ValueTypes.nullable(ValueTypes.LONG), "%", a, b, (x, y) -> y == 0 ? null : x % y);
    }

    public static Expr<Double> plusDouble(Expr<Double> a, Expr<Double> b) {
        return binary(ValueTypes.DOUBLE, "+", a, b, Double::sum);
    }

    public static Expr<Double> minusDouble(Expr<Double> a, Expr<Double> b) {
        return binary(ValueTypes.DOUBLE, "-", a, b, (x, y) -> x - y);
    }

    public static Expr<Double> timesDouble(Expr<Double> a, Expr<Double> b) {
        return binary(ValueTypes.DOUBLE, "*", a, b, (x, y) -> x * y);
    }

    public static Expr<Double> divDouble(Expr<Double> a, Expr<Double> b) {
        return binary(ValueTypes.DOUBLE, "/", a, b, (x, y) -> x / y);
    }

    public static Expr<Long> negate(Expr<Long> a) {
        return unary(ValueTypes.LONG, "-", a, x -> -x);
    }

    // ---- boolean logic ----

    public static Expr<Boolean> and(Expr<Boolean> a, Expr<Boolean> b) {
        return new Computed<>(ValueTypes.BOOLEAN, "(" + a + " and " + b + ")", "and", null, List.of(a, b), true,
                row -> Boolean.TRUE.equals(a.eval(row)) && Boolean.TRUE.equals(b.eval(row)));
    }

    public static Expr<Boolean> or(Expr<Boolean> a, Expr<Boolean> b) {
        return new Computed<>(ValueTypes.BOOLEAN, "(" + a + " or " + b + ")", "or", null, List.of(a, b), true,
                row -> Boolean.TRUE.equals(a.eval(row)) || Boolean.TRUE.equals(b.eval(row)));
    }

    public static Expr<Boolean> not(Expr<Boolean> a) {
        return new Computed<>(ValueTypes.BOOLEAN, "not " + a, "not", null, List.of(a), true, row -> !Boolean.TRUE.equals(a.eval(row)));
    }

    public static <V> Expr<Boolean> eq(Expr<V> a, Expr<V> b) {
        return new Computed<>(ValueTypes.BOOLEAN, "(" + a + " == " + b + ")", "==", null, List.of(a, b), true, row -> {
            Object x = a.eval(row);
            Object y = b.eval(row);
            return x != null && y != null && dev.tideway.internal.engine.RowEquality.equal(x, y);
        });
    }

    static <V> Expr<Boolean> compare(Expr<V> a, Expr<V> b, String op, IntPredicate test) {
        @SuppressWarnings("unchecked")
        Comparator<Object> order = (Comparator<Object>) a.type().comparator();
        if (order == null) {
            throw new IllegalArgumentException("values of type " + a.type() + " have no order; " + a + " " + op + " " + b + " is not allowed");
        }
        return new Computed<>(ValueTypes.BOOLEAN, "(" + a + " " + op + " " + b + ")", op, null, List.of(a, b), true, row -> {
            Object x = a.eval(row);
            Object y = b.eval(row);
            return x != null && y != null && test.test(order.compare(x, y));
        });
    }

    public static <V> Expr<Boolean> isNull(Expr<V> a) {
        return new Computed<>(ValueTypes.BOOLEAN, a + " is null", "isNull", null, List.of(a), true, row -> {
            Object x = a.eval(row);
            return x == null || (x instanceof Optional<?> o && o.isEmpty());
        });
    }

    // ---- strings ----

    public static Expr<String> upper(Expr<String> a) {
        return unary(ValueTypes.STRING, "upper", a, s -> s.toUpperCase(Locale.ROOT));
    }

    public static Expr<String> lower(Expr<String> a) {
        return unary(ValueTypes.STRING, "lower", a, s -> s.toLowerCase(Locale.ROOT));
    }

    public static Expr<String> trim(Expr<String> a) {
        return unary(ValueTypes.STRING, "trim", a, String::strip);
    }

    public static Expr<Long> length(Expr<String> a) {
        return unary(ValueTypes.LONG, "length", a, s -> (long) s.length());
    }

    public static Expr<String> concat(Expr<String> a, Expr<String> b) {
        return binary(ValueTypes.STRING, "||", a, b, String::concat);
    }

    public static Expr<Boolean> contains(Expr<String> a, String part) {
        return new Computed<>(ValueTypes.BOOLEAN, "contains(" + a + ", " + part + ")", "contains", Canonical.quote(part), List.of(a), true, row -> {
            String s = a.eval(row);
            return s != null && s.contains(part);
        });
    }

    public static Expr<Boolean> startsWith(Expr<String> a, String prefix) {
        return new Computed<>(ValueTypes.BOOLEAN, "startsWith(" + a + ", " + prefix + ")", "startsWith", Canonical.quote(prefix), List.of(a), true, row -> {
            String s = a.eval(row);
            return s != null && s.startsWith(prefix);
        });
    }

    // ---- null handling and conditionals ----

    /** The first operand that is not null (nor an empty Optional), or the last one. */
    @SafeVarargs
    public static <V> Expr<V> coalesce(Expr<V> first, Expr<V>... rest) {
        List<Expr<?>> all = new java.util.ArrayList<>();
        all.add(first);
        all.addAll(List.of(rest));
        Expr<V> last = rest.length == 0 ? first : rest[rest.length - 1];
        return new Computed<>(last.type(), "coalesce" + all, "coalesce", null, all, true, row -> {
            V value = first.eval(row);
            for (Expr<V> next : rest) {
                if (value != null && !(value instanceof Optional<?> o && o.isEmpty())) {
                    return value;
                }
                value = next.eval(row);
            }
            return value;
        });
    }

    public static <V> Expr<V> ifElse(Expr<Boolean> condition, Expr<V> then, Expr<V> otherwise) {
        return new Computed<>(then.type(), "if(" + condition + ", " + then + ", " + otherwise + ")", "if", null,
                List.of(condition, then, otherwise), true,
                row -> Boolean.TRUE.equals(condition.eval(row)) ? then.eval(row) : otherwise.eval(row));
    }

    // ---- casts ----

    public static Expr<Long> toLong(Expr<? extends Number> a) {
        return unary(ValueTypes.LONG, "long", a, Number::longValue);
    }

    public static Expr<Double> toDouble(Expr<? extends Number> a) {
        return unary(ValueTypes.DOUBLE, "double", a, Number::doubleValue);
    }

    public static Expr<Integer> toInt(Expr<? extends Number> a) {
        return unary(ValueTypes.INT, "int", a, Number::intValue);
    }

    /** The value's text, as a CSV cell would hold it. */
    public static <V> Expr<String> asText(Expr<V> a) {
        ValueType<V> type = a.type();
        return unary(ValueTypes.STRING, "text", a, type::formatText);
    }

    /** Parses text into a value type; text that does not parse gives null. */
    public static <V> Expr<V> parse(Expr<String> a, ValueType<V> type) {
        return unary(type, "parse", a, s -> {
            try {
                return type.parseText(s);
            } catch (IllegalArgumentException e) {
                return null;
            }
        });
    }

    // ---- user functions ----

    /**
     * A deterministic user function of one argument: the same argument always gives the same value.
     *
     * <pre>{@code Exprs.apply(ValueTypes.BOOLEAN, Word_.word, w -> w.length() > 2) }</pre>
     *
     * <p><b>When the function's code changes.</b> The operators that run it are identified by its
     * code, as the build compiled it: the method javac made of the lambda's body (with the methods
     * of the same class it calls), a method reference's target, or an object's class. Edited from
     * {@code w.length() > 2} to {@code w.length() > 3}, the next run with persistence rebuilds their
     * state from the recorded input and rewrites the outputs they feed. What is not seen: code of
     * other classes the function calls (a helper class, a library), values it captures (a threshold
     * from configuration), state it reads, and a function whose class file cannot be read; and a
     * change to one lambda counts as a change to every lambda of the same shape (functional
     * interface and captured types) in the same class. When it matters, say it with a
     * {@linkplain UserFunction#version version}: {@code Exprs.apply(...).version("2")}; with a
     * version, only the version identifies the function (a new version rebuilds what depends on it,
     * code changes under one version do not).
     *
     * @return the expression, whose {@link UserFunction#version} names the function's version
     */
    public static <A, V> UserFunction<V> apply(ValueType<V> type, Expr<A> arg, Function<? super A, ? extends V> udf) {
        return new UserFunction<>(type, "udf", List.of(arg), true, FunctionIdentity.of(udf), null,
                row -> udf.apply(arg.eval(row)));
    }

    /** A deterministic user function of two arguments; its code identifies it as {@link #apply(ValueType, Expr, Function)} says. */
    public static <A, B, V> UserFunction<V> apply(ValueType<V> type, Expr<A> a, Expr<B> b,
                                                  BiFunction<? super A, ? super B, ? extends V> udf) {
        return new UserFunction<>(type, "udf", List.of(a, b), true, FunctionIdentity.of(udf), null,
                row -> udf.apply(a.eval(row), b.eval(row)));
    }

    /**
     * A non-deterministic user function (a clock, a random number, a remote call): Tideway remembers
     * each value it produced, and retracts that value, not a new call's, when the row goes away. Its
     * code identifies it as {@link #apply(ValueType, Expr, Function)} says.
     */
    public static <A, V> UserFunction<V> applyNonDeterministic(ValueType<V> type, Expr<A> arg, Function<? super A, ? extends V> udf) {
        return new UserFunction<>(type, "udf-nondeterministic", List.of(arg), false, FunctionIdentity.of(udf), null,
                row -> udf.apply(arg.eval(row)));
    }

    /** A deterministic user function of three arguments; its code identifies it as {@link #apply(ValueType, Expr, Function)} says. */
    public static <A, B, C, V> UserFunction<V> apply(ValueType<V> type, Expr<A> a, Expr<B> b, Expr<C> c,
                                             Functions.Function3<? super A, ? super B, ? super C, ? extends V> udf) {
        return new UserFunction<>(type, "udf", List.of(a, b, c), true, FunctionIdentity.of(udf), null,
                row -> udf.apply(a.eval(row), b.eval(row), c.eval(row)));
    }

    /** A deterministic user function of four arguments, identified as {@link #apply(ValueType, Expr, Function)} says. */
    public static <A, B, C, D, V> UserFunction<V> apply(ValueType<V> type, Expr<A> a, Expr<B> b, Expr<C> c, Expr<D> d,
                                                Functions.Function4<? super A, ? super B, ? super C, ? super D, ? extends V> udf) {
        return new UserFunction<>(type, "udf", List.of(a, b, c, d), true, FunctionIdentity.of(udf), null,
                row -> udf.apply(a.eval(row), b.eval(row), c.eval(row), d.eval(row)));
    }

    /** A deterministic user function of five arguments, identified as {@link #apply(ValueType, Expr, Function)} says. */
    public static <A, B, C, D, E, V> UserFunction<V> apply(ValueType<V> type, Expr<A> a, Expr<B> b, Expr<C> c, Expr<D> d, Expr<E> e,
                                                   Functions.Function5<? super A, ? super B, ? super C, ? super D, ? super E, ? extends V> udf) {
        return new UserFunction<>(type, "udf", List.of(a, b, c, d, e), true, FunctionIdentity.of(udf), null,
                row -> udf.apply(a.eval(row), b.eval(row), c.eval(row), d.eval(row), e.eval(row)));
    }

    /** A deterministic user function of six arguments, identified as {@link #apply(ValueType, Expr, Function)} says. */
    public static <A, B, C, D, E, F, V> UserFunction<V> apply(ValueType<V> type, Expr<A> a, Expr<B> b, Expr<C> c, Expr<D> d, Expr<E> e, Expr<F> f,
            Functions.Function6<? super A, ? super B, ? super C, ? super D, ? super E, ? super F, ? extends V> udf) {
        return new UserFunction<>(type, "udf", List.of(a, b, c, d, e, f), true, FunctionIdentity.of(udf), null,
                row -> udf.apply(a.eval(row), b.eval(row), c.eval(row), d.eval(row), e.eval(row), f.eval(row)));
    }

    // ---- errors and required values ----

    /**
     * The value of {@code expr}, or that of {@code replacement} on a row where evaluating
     * {@code expr} throws (text that does not parse, a failing user function, an overflow), as
     * Pathway's {@code fill_error}: such a row gets a value instead of stopping the run.
     *
     * <pre>{@code fillError(Strings.parseLong(Line_.qty), lit(0L)) }</pre>
     */
    public static <V> Expr<V> fillError(Expr<V> expr, Expr<V> replacement) {
        return new Operation<>(expr.type(), "fillError(" + expr + ", " + replacement + ")", "fillError", null,
                List.of(expr, replacement), row -> {
            try {
                return expr.eval(row);
            } catch (RuntimeException e) {
                return replacement.eval(row);
            }
        });
    }

    /**
     * The value of {@code expr} when every one of {@code required} is present (not null nor an empty
     * Optional), else null without evaluating {@code expr}, as Pathway's {@code require}: a user
     * function that cannot take nulls is not called with them.
     *
     * <pre>{@code require(apply(ValueTypes.STRING, Person_.email, Email::domain), Person_.email) }</pre>
     */
    public static <V> Expr<V> require(Expr<V> expr, Expr<?>... required) {
        List<Expr<?>> all = new java.util.ArrayList<>();
        all.add(expr);
        all.addAll(List.of(required));
        return new Operation<>(expr.type(), "require(" + expr + ", " + List.of(required) + ")", "require", null, all, row -> {
            for (Expr<?> each : required) {
                Object value = each.eval(row);
                if (value == null || value instanceof Optional<?> o && o.isEmpty()) {
                    return null;
                }
            }
            return expr.eval(row);
        });
    }

    /** Whether the value is present: neither null nor an empty Optional. */
    public static <V> Expr<Boolean> isNotNull(Expr<V> a) {
        return not(isNull(a));
    }

    /**
     * The row itself, as a value of its record type: a nested record in an output row, or the row
     * of the extreme in {@code Reducers.argMin(by, Exprs.row(Sale_.SCHEMA))}.
     */
    public static <T> Expr<T> row(dev.tideway.schema.RowSchema<T> schema) {
        ValueType<T> type = schema.asValueType();
        return new Operation<>(type, "row<" + schema.name() + ">", "row", Canonical.schema(schema), List.of(), row -> schema.type().cast(row));
    }

    /** The default number of results a caching UDF keeps. */
    public static final int DEFAULT_CACHE_ENTRIES = 100_000;

    /**
     * A deterministic user function whose results are cached by argument, and with persistence kept
     * across runs in the state's backend (in every persistence mode, and alone in
     * {@code UDF_CACHING} mode): an expensive call (a model, a remote service) is made once per
     * distinct argument. Keeps up to {@value #DEFAULT_CACHE_ENTRIES} results. The cache is tied to
     * the function's identity (its code, or its {@linkplain UserFunction#version version}, as
     * {@link #apply(ValueType, Expr, Function)} says): results of another function are not reused.
     *
     * <pre>{@code Exprs.applyCached("geocode", ValueTypes.STRING, Address_.text, geocoder::lookup).version("2024-05") }</pre>
     *
     * @param name the cache's name in the state, unique in the pipeline: 1 to 128 characters of {@code [A-Za-z0-9._-]}
     */
    public static <A, V> UserFunction<V> applyCached(String name, ValueType<V> type, Expr<A> arg, Function<? super A, ? extends V> udf) {
        return applyCached(name, type, arg, udf, DEFAULT_CACHE_ENTRIES);
    }

    /** A caching user function keeping at most {@code maxEntries} results, the least recently used dropped first. */
    public static <A, V> UserFunction<V> applyCached(String name, ValueType<V> type, Expr<A> arg, Function<? super A, ? extends V> udf,
                                                     int maxEntries) {
        String identity = FunctionIdentity.of(udf);
        dev.tideway.internal.engine.UdfCache<A, V> cache = new dev.tideway.internal.engine.UdfCache<>(name, arg.type(), type, udf, maxEntries, identity);
        dev.tideway.internal.engine.Graph.current().register(cache);
        return new UserFunction<>(type, "udf-cached", List.of(arg), true, identity, cache, row -> cache.apply(arg.eval(row)));
    }

    private static <A, V> Expr<V> unary(ValueType<V> type, String name, Expr<? extends A> a, Function<A, V> f) {
        return new Computed<>(type, name + "(" + a + ")", name, null, List.of(a), true, row -> {
            A x = a.eval(row);
            return x == null ? null : f.apply(x);
        });
    }

    private static <A, B, V> Expr<V> binary(ValueType<V> type, String op, Expr<A> a, Expr<B> b, BiFunction<A, B, V> f) {
        return new Computed<>(type, "(" + a + " " + op + " " + b + ")", op, null, List.of(a, b), true, row -> {
            A x = a.eval(row);
            B y = b.eval(row);
            return x == null || y == null ? null : f.apply(x, y);
        });
    }

    /**
     * An expression computed from others by one of Tideway's functions: {@code function} names it in
     * the canonical form ({@code upper}, {@code +}, {@code lit}) and {@code detail} (or null) adds
     * what else it depends on (a constant).
     */
    private static final class Computed<V> implements Expr<V>, CanonicalForm {
        private final ValueType<V> type;
        private final String text;
        private final String function;
        private final String detail;
        private final List<Expr<?>> args;
        private final boolean deterministic;
        private final Function<Object, V> body;

        Computed(ValueType<V> type, String text, String function, String detail, List<? extends Expr<?>> args, boolean deterministic,
                 Function<Object, V> body) {
            this.type = Objects.requireNonNull(type);
            this.text = text;
            this.function = function;
            this.detail = detail;
            this.args = List.copyOf(args);
            this.deterministic = deterministic && args.stream().allMatch(Expr::deterministic);
            this.body = body;
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
            return args;
        }

        @Override
        public String canonicalForm() {
            return Canonical.call(function, detail, type.descriptor(), args);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
