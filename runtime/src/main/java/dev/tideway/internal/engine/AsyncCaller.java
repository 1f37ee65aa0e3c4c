package dev.tideway.internal.engine;

import dev.tideway.AsyncCallException;
import dev.tideway.AsyncOptions;
import dev.tideway.RetryPolicy;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Calls an asynchronous function for a list of distinct arguments and waits for every result: the
 * arguments are cut into calls of up to {@code maxBatchSize}; at most {@code concurrency} calls are
 * in flight; an attempt that fails or outlives the timeout is retried after the policy's delay, and
 * when no retry is left its arguments get the error. Retries wait without holding a place in flight.
 *
 * <p>The loop runs on the caller's thread; futures complete on any thread and only post their
 * outcome to a queue, so the loop's state needs no lock.
 */
final class AsyncCaller {
    private AsyncCaller() {}

    /** One argument's outcome: its value, or the error of its last attempt. */
    record Outcome(Object value, RuntimeException error) {}

    private record Attempt(int first, int size, int number, long readyAtNanos) {}

    private record Completion(Attempt attempt, List<?> values, Throwable error) {}

    /**
     * The outcome of each argument, in the order given.
     *
     * @throws InterruptedException when the thread is interrupted while waiting (the run is stopping)
     */
    @SuppressWarnings("unchecked")
    static <A> List<Outcome> callAll(AsyncCall<A, ?> call, List<A> arguments) throws InterruptedException {
        AsyncOptions options = call.options();
        RetryPolicy retry = options.retry();
        Function<List<A>, CompletionStage<List<Object>>> function = (Function<List<A>, CompletionStage<List<Object>>>) (Function<?, ?>) call.function();
        Outcome[] outcomes = new Outcome[arguments.size()];
        Deque<Attempt> ready = new ArrayDeque<>();
        for (int first = 0; first < arguments.size(); first += options.maxBatchSize()) {
            ready.add(new Attempt(first, Math.min(options.maxBatchSize(), arguments.size() - first), 1, 0));
        }
        PriorityQueue<Attempt> delayed = new PriorityQueue<>((a, b) -> Long.compare(a.readyAtNanos, b.readyAtNanos));
        LinkedBlockingQueue<Completion> completions = new LinkedBlockingQueue<>();
        int inFlight = 0;
        while (!ready.isEmpty() || !delayed.isEmpty() || inFlight > 0) {
            long now = System.nanoTime();
            while (!delayed.isEmpty() && delayed.peek().readyAtNanos - now <= 0) {
                ready.add(delayed.poll());
            }
            while (inFlight < options.concurrency() && !ready.isEmpty()) {
                start(ready.poll(), function, arguments, options, completions);
                inFlight++;
            }
            Completion done;
            if (inFlight == 0) {
                long wait = delayed.isEmpty() ? 0 : delayed.peek().readyAtNanos - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                continue;
            }
            long wait = delayed.isEmpty() ? Long.MAX_VALUE : Math.max(0, delayed.peek().readyAtNanos - System.nanoTime());
            done = wait == Long.MAX_VALUE ? completions.take() : completions.poll(wait, TimeUnit.NANOSECONDS);
            if (done == null) {
                continue;
            }
            inFlight--;
            Attempt attempt = done.attempt;
            Throwable error = done.error != null ? unwrap(done.error) : checkSize(done.values, attempt.size);
            if (error == null) {
                for (int i = 0; i < attempt.size; i++) {
                    outcomes[attempt.first + i] = new Outcome(done.values.get(i), null);
                }
            } else if (attempt.number <= retry.maxRetries()) {
                long delay = retry.delayBefore(attempt.number).toNanos();
                delayed.add(new Attempt(attempt.first, attempt.size, attempt.number + 1, System.nanoTime() + delay));
            } else {
                for (int i = 0; i < attempt.size; i++) {
                    A argument = arguments.get(attempt.first + i);
                    outcomes[attempt.first + i] = new Outcome(null, new AsyncCallException("async UDF " + call.name() + " failed for argument "
                            + argument + " after " + attempt.number + (attempt.number == 1 ? " attempt" : " attempts") + ": " + describe(error)
                            + "; retry it more (AsyncOptions.withRetry), or give its rows a value with Exprs.fillError", attempt.number, error));
                }
            }
        }
        return List.of(outcomes);
    }

    private static <A> void start(Attempt attempt, Function<List<A>, CompletionStage<List<Object>>> function, List<A> arguments,
                                  AsyncOptions options, LinkedBlockingQueue<Completion> completions) {
        CompletableFuture<List<Object>> future;
        try {
            CompletionStage<List<Object>> stage = function.apply(List.copyOf(arguments.subList(attempt.first, attempt.first + attempt.size)));
            future = stage.toCompletableFuture().copy();
        } catch (RuntimeException e) {
            future = CompletableFuture.failedFuture(e);
        }
        future.orTimeout(options.timeout().toNanos(), TimeUnit.NANOSECONDS)
                .whenComplete((values, error) -> completions.add(new Completion(attempt, values, error)));
    }

    private static Throwable checkSize(List<?> values, int expected) {
        if (values == null || values.size() != expected) {
            return new IllegalStateException("the function gave " + (values == null ? "null" : values.size() + " results") + " for "
                    + expected + " arguments; a batched function gives one result per argument, in order");
        }
        return null;
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static String describe(Throwable error) {
        if (error instanceof TimeoutException) {
            return "timed out";
        }
        return error.getClass().getSimpleName() + (error.getMessage() == null ? "" : ": " + error.getMessage());
    }
}
