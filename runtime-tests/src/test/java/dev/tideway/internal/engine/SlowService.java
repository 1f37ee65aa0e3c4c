package dev.tideway.internal.engine;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * A fake remote service for asynchronous UDF tests: each call answers after a latency, on a timer
 * (no thread is held while a call is in flight), and counts the calls in flight, the most seen at
 * once, and the attempts per argument. A rule decides per argument and attempt whether the attempt
 * succeeds, fails, or never answers.
 */
final class SlowService implements AutoCloseable {
    enum Answer { OK, FAIL, HANG }

    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
    private final Duration latency;
    private final BiFunction<String, Integer, Answer> rule;
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    final AtomicInteger calls = new AtomicInteger();
    final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    final List<Integer> batchSizes = new java.util.concurrent.CopyOnWriteArrayList<>();

    SlowService(Duration latency, BiFunction<String, Integer, Answer> rule) {
        this.latency = latency;
        this.rule = rule;
    }

    SlowService(Duration latency) {
        this(latency, (argument, attempt) -> Answer.OK);
    }

    /** The answer to one argument: its upper case. */
    static String answer(String argument) {
        return argument.toUpperCase(java.util.Locale.ROOT);
    }

    CompletableFuture<String> call(String argument) {
        return callBatch(List.of(argument)).thenApply(values -> values.get(0));
    }

    CompletableFuture<List<String>> callBatch(List<String> arguments) {
        calls.incrementAndGet();
        batchSizes.add(arguments.size());
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        Answer answer = Answer.OK;
        for (String argument : arguments) {
            int attempt = attempts.computeIfAbsent(argument, a -> new AtomicInteger()).incrementAndGet();
            Answer own = rule.apply(argument, attempt);
            if (own.ordinal() > answer.ordinal()) {
                answer = own;
            }
        }
        CompletableFuture<List<String>> result = new CompletableFuture<>();
        Answer decided = answer;
        timer.schedule(() -> {
            inFlight.decrementAndGet();
            switch (decided) {
                case OK -> result.complete(arguments.stream().map(SlowService::answer).toList());
                case FAIL -> result.completeExceptionally(new IllegalStateException("service unavailable for " + arguments));
                case HANG -> { }   // never answers: only a timeout ends the attempt
            }
        }, latency.toNanos(), TimeUnit.NANOSECONDS);
        return result;
    }

    int attemptsOf(String argument) {
        AtomicInteger count = attempts.get(argument);
        return count == null ? 0 : count.get();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
