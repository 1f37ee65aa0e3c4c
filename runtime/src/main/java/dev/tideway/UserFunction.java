package dev.tideway;

import dev.tideway.internal.engine.UdfCache;
import dev.tideway.internal.engine.identity.Canonical;
import dev.tideway.internal.engine.identity.FunctionIdentity;
import dev.tideway.schema.ValueType;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * An expression that runs a user function, made by {@link Exprs#apply}, {@link Exprs#applyNonDeterministic},
 * {@link Exprs#applyCached} and {@link AsyncUdf}. With persistence, the operators that run it are identified by the
 * function's code as the build compiled it (see {@link Exprs#apply(ValueType, Expr, Function)} for
 * what can and cannot be seen), or, once given one, by its {@linkplain #version version} alone.
 *
 * <pre>{@code
 * Expr<Boolean> longWord = Exprs.apply(ValueTypes.BOOLEAN, Word_.word, w -> w.length() > minLength).version("min-3");
 * }</pre>
 *
 * <p>Immutable: {@link #version} returns a new expression (a caching one shares its cache, which is
 * then tied to the version).
 *
 * @param <V> the type of the function's value
 */
public final class UserFunction<V> implements Expr<V>, CanonicalForm {
    private final ValueType<V> type;
    private final String function;
    private final List<Expr<?>> args;
    private final boolean deterministic;
    private final String identity;
    private final UdfCache<?, ?> cache;
    private final Function<Object, V> body;

    UserFunction(ValueType<V> type, String function, List<? extends Expr<?>> args, boolean deterministic, String identity,
                 UdfCache<?, ?> cache, Function<Object, V> body) {
        this.type = Objects.requireNonNull(type, "type");
        this.function = function;
        this.args = List.copyOf(args);
        this.deterministic = deterministic && this.args.stream().allMatch(Expr::deterministic);
        this.identity = identity;
        this.cache = cache;
        this.body = body;
    }

    /**
     * The same function, identified by {@code version} instead of its code: a run whose version
     * differs from the one the state was written with rebuilds the operators that run it (and a
     * caching function starts its cache empty); code changes under one version keep their state.
     * Use it for what the code fingerprint cannot see (a captured value, a helper class, a library,
     * a remote model), or to keep state across a refactoring that changes no result.
     *
     * @param version any non-blank text, such as {@code "2"} or {@code "2024-05-01"}
     * @throws IllegalArgumentException if {@code version} is blank
     */
    public UserFunction<V> version(String version) {
        String versioned = FunctionIdentity.versioned(version);
        if (cache != null) {
            cache.identify(versioned);
        }
        return new UserFunction<>(type, function, args, deterministic, versioned, cache, body);
    }

    /** What identifies the function: {@code code:<fingerprint>}, {@code version:"2"}, or see {@link FunctionIdentity}. */
    public String identity() {
        return identity;
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
        String detail = cache == null ? identity : Canonical.quote(cache.name()) + "," + identity;
        return Canonical.call(function, detail, type.descriptor(), args);
    }

    @Override
    public String toString() {
        if (function.equals("udf-async")) {
            return String.valueOf(args.get(0));   // the call, async:name(argument)
        }
        String name = switch (function) {
            case "udf-nondeterministic" -> "udf!";
            case "udf-cached" -> "cached:" + cache.name();
            default -> "udf";
        };
        StringBuilder text = new StringBuilder(name).append('(');
        for (int i = 0; i < args.size(); i++) {
            text.append(i == 0 ? "" : ", ").append(args.get(i));
        }
        return text.append(')').toString();
    }
}
