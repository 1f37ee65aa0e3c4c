package dev.tideway.internal.engine;

import dev.tideway.AsyncOptions;
import dev.tideway.Expr;
import dev.tideway.internal.engine.identity.Canonical;
import dev.tideway.CanonicalForm;
import dev.tideway.schema.ValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * An asynchronous user function as an expression (made by {@code AsyncUdf}). It has no value of its
 * own: the select that computes it ({@link dev.tideway.internal.engine.ops.AsyncSelectNode}) calls the
 * function for the arguments of a batch, then binds each row's result before evaluating the row's
 * projection, and {@link #eval} reads the bound result.
 *
 * @param <A> the argument type
 * @param <V> the result type
 */
public final class AsyncCall<A, V> implements Expr<V>, CanonicalForm {
    private final String name;
    private final ValueType<V> type;
    private final Expr<A> argument;
    private final Function<List<A>, CompletionStage<List<V>>> function;
    private final AsyncOptions options;
    private Object boundRow;
    private Object boundValue;
    private RuntimeException boundError;

    public AsyncCall(String name, ValueType<V> type, Expr<A> argument, Function<List<A>, CompletionStage<List<V>>> function,
                     AsyncOptions options) {
        this.name = name;
        this.type = type;
        this.argument = argument;
        this.function = function;
        this.options = options;
        for (AsyncCall<?, ?> nested : in(List.of(argument))) {
            throw new IllegalArgumentException("async UDF " + name + " takes the result of async UDF " + nested.name
                    + " as its argument; select that result into a column first, then call " + name + " on the column");
        }
    }

    public String name() {
        return name;
    }

    public Expr<A> argument() {
        return argument;
    }

    public AsyncOptions options() {
        return options;
    }

    Function<List<A>, CompletionStage<List<V>>> function() {
        return function;
    }

    /** Makes {@link #eval} give {@code value} (or throw {@code error}) for {@code row}, until the next binding. */
    void bind(Object row, Object value, RuntimeException error) {
        this.boundRow = row;
        this.boundValue = value;
        this.boundError = error;
    }

    void unbind() {
        bind(null, null, null);
    }

    @Override
    public ValueType<V> type() {
        return type;
    }

    @Override
    @SuppressWarnings("unchecked")
    public V eval(Object row) {
        if (boundRow == null || boundRow != row) {
            throw new IllegalStateException("async UDF " + name + " has a value only in the select that computes it; select it"
                    + " into a column first, then filter, group or reduce on that column");
        }
        if (boundError != null) {
            throw boundError;
        }
        return (V) boundValue;
    }

    /** Its results are remembered per row, as a non-deterministic function's are. */
    @Override
    public boolean deterministic() {
        return false;
    }

    @Override
    public List<Expr<?>> operands() {
        return List.of(argument);
    }

    /**
     * {@code async["geocode"]:string($address:string)}: its name, type and argument; the function's
     * code identity is the {@code UserFunction}'s that holds the call (see {@code AsyncUdf}).
     */
    @Override
    public String canonicalForm() {
        return Canonical.call("async", Canonical.quote(name), type.descriptor(), List.of(argument));
    }

    @Override
    public String toString() {
        return "async:" + name + "(" + argument + ")";
    }

    /** The asynchronous calls in expressions and their operands, each once, in the order met. */
    public static List<AsyncCall<?, ?>> in(List<? extends Expr<?>> exprs) {
        List<AsyncCall<?, ?>> found = new ArrayList<>();
        for (Expr<?> expr : exprs) {
            collect(expr, found);
        }
        return found;
    }

    private static void collect(Expr<?> expr, List<AsyncCall<?, ?>> found) {
        if (expr instanceof AsyncCall<?, ?> call) {
            if (found.stream().noneMatch(c -> c == call)) {
                found.add(call);
            }
            return;
        }
        for (Expr<?> operand : expr.operands()) {
            collect(operand, found);
        }
    }
}
