package dev.tideway;

import dev.tideway.internal.engine.AsyncCall;
import dev.tideway.internal.engine.identity.FunctionIdentity;
import dev.tideway.schema.ValueType;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Asynchronous user functions: a call to a remote service, a model, a database, that returns a
 * {@link java.util.concurrent.CompletableFuture}. Used in {@code select} (of a table or of a join's
 * pairs), they are called for the rows of a batch concurrently, up to the options' concurrency, with
 * timeouts and retries, and the batch goes on once every call has its result.
 *
 * <pre>{@code
 * Expr<String> country = AsyncUdf.apply("geocode", ValueTypes.STRING, Address_.text,
 *         text -> geocoder.lookupAsync(text),                    // CompletableFuture<String>
 *         AsyncOptions.defaults().withConcurrency(16).withTimeout(Duration.ofSeconds(5))
 *                 .withRetry(RetryPolicy.exponentialBackoff(3, Duration.ofMillis(100), 2.0, Duration.ofSeconds(1))));
 * addresses.select(Located_.of(Address_.id, country));
 * }</pre>
 *
 * <p>Semantics, as Pathway's asynchronous UDFs with {@code async_executor}:
 * <ul>
 * <li>Within one batch (one logical time) an argument is called once, whatever the number of rows
 * holding it; the arguments are split into calls of up to {@code maxBatchSize} (batched functions)
 * and at most {@code concurrency} calls are in flight. A batched function returns its results in the
 * order of its arguments, one per argument.
 * <li>An attempt that fails (its future completes exceptionally, or the function throws) or does not
 * complete within the timeout is retried after the policy's delay; when no retry is left, the
 * argument's value is the error: evaluating the expression on its rows throws
 * {@link AsyncCallException}, which stops the run unless the expression is wrapped in
 * {@link Exprs#fillError}.
 * <li>Results are remembered per row, as for a non-deterministic function: a row's retraction
 * retracts the value produced for it, without a call. With persistence the remembered results are in
 * the operator's snapshot, taken at every commit, so a restart never calls again for rows already
 * committed; a batch that was being computed when the run stopped or crashed was not committed, so
 * its input is read again and its calls made again.
 * <li>An asynchronous function is computed by the {@code select} it is a field of (directly or inside
 * other expressions); it cannot be used in a filter, a group key or a reducer: select it into a
 * column first.
 * </ul>
 *
 * <p><b>When the function's code changes.</b> With persistence, the select that calls the function
 * is identified by its name, its type, its argument and its code, as {@link Exprs#apply(ValueType,
 * Expr, Function)} says of a UDF: an edited function rebuilds the select's state (calling it again
 * for the rows it holds) and rewrites the outputs it feeds. Say what the fingerprint cannot see (a
 * remote model's version) with {@link UserFunction#version}:
 * {@code AsyncUdf.apply("geocode", ...).version("2024-05")}.
 *
 * <p>The functions are called from the pipeline's thread and from the threads that complete their
 * futures; they must be thread-safe.
 */
public final class AsyncUdf {
    private AsyncUdf() {}

    /**
     * An asynchronous function of one argument, called with one argument a call.
     *
     * @param name 1 to 64 characters of {@code [A-Za-z0-9._-]}, for messages and the operator's identity
     * @throws IllegalArgumentException on a bad name, or options with a batch size other than 1
     *                                  (use {@link #applyBatched})
     */
    @SuppressWarnings("unchecked")
    public static <A, V> UserFunction<V> apply(String name, ValueType<V> type, Expr<A> argument,
                                       Function<? super A, ? extends CompletionStage<? extends V>> udf, AsyncOptions options) {
        Objects.requireNonNull(udf, "udf");
        if (options.maxBatchSize() != 1) {
            throw new IllegalArgumentException("async UDF " + name + ": a max batch size of " + options.maxBatchSize()
                    + " needs a function of a list of arguments; use AsyncUdf.applyBatched");
        }
        Function<List<A>, CompletionStage<List<V>>> batch = arguments -> {
            CompletionStage<? extends V> result = udf.apply(arguments.get(0));
            if (result == null) {
                throw new NullPointerException("the function returned null instead of a future");
            }
            return result.thenApply(value -> Collections.singletonList((V) value));
        };
        return identified(new AsyncCall<>(checkName(name), type, argument, batch, options), udf);
    }

    /**
     * An asynchronous function of a list of arguments (up to the options' {@code maxBatchSize}) that
     * gives one result per argument, in order.
     *
     * @throws IllegalArgumentException on a bad name
     */
    @SuppressWarnings("unchecked")
    public static <A, V> UserFunction<V> applyBatched(String name, ValueType<V> type, Expr<A> argument,
                                              Function<? super List<A>, ? extends CompletionStage<? extends List<? extends V>>> udf,
                                              AsyncOptions options) {
        Objects.requireNonNull(udf, "udf");
        Function<List<A>, CompletionStage<List<V>>> batch = arguments -> {
            CompletionStage<? extends List<? extends V>> result = udf.apply(arguments);
            if (result == null) {
                throw new NullPointerException("the function returned null instead of a future");
            }
            return result.thenApply(values -> (List<V>) values);
        };
        return identified(new AsyncCall<>(checkName(name), type, argument, batch, options), udf);
    }

    /**
     * The call as a user function identified by {@code udf}'s code (or, given one, its version), as
     * {@link Exprs#apply(ValueType, Expr, Function)}'s are; its name, type and argument are part of
     * its canonical form too, its options are not (they change how it is called, not what it computes).
     */
    private static <V> UserFunction<V> identified(AsyncCall<?, V> call, Object udf) {
        return new UserFunction<>(call.type(), "udf-async", List.of(call), false, FunctionIdentity.of(udf), null, call::eval);
    }

    private static String checkName(String name) {
        if (name == null || !name.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("async UDF name \"" + name + "\" must be 1 to 64 characters of [A-Za-z0-9._-]");
        }
        return name;
    }
}
