package dev.tideway.benchmarks.udf;

import dev.tideway.AsyncOptions;
import dev.tideway.AsyncUdf;
import dev.tideway.Expr;
import dev.tideway.schema.ValueTypes;
import dev.tideway.testing.Captured;
import dev.tideway.testing.PipelineTester;
import dev.tideway.testing.TestInput;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The throughput of an asynchronous UDF against a slow service: a select calling a fake service that
 * answers each call after a fixed latency (on a timer, holding no thread), for a batch of distinct
 * keys, with 1 call in flight, 16 calls in flight, and 16 calls of 10 keys each. Prints rows per
 * second, the ratio to one at a time, and the most calls the service saw in flight.
 *
 * <pre>
 * java -cp benchmarks/target/tideway-benchmarks.jar dev.tideway.benchmarks.udf.AsyncUdfThroughput [--rows 400] [--latency-ms 20]
 * </pre>
 */
public final class AsyncUdfThroughput {
    private AsyncUdfThroughput() {}

    public static void main(String[] args) {
        int rows = 400;
        int latencyMs = 20;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--rows" -> rows = Integer.parseInt(args[i + 1]);
                case "--latency-ms" -> latencyMs = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; give --rows N and --latency-ms N");
            }
        }
        ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
        try {
            System.out.printf(Locale.ROOT, "async UDF, %d distinct keys, service latency %d ms a call%n", rows, latencyMs);
            System.out.println("| calls in flight | keys a call | seconds | rows/s | vs 1 in flight | most in flight seen |");
            System.out.println("|---|---|---|---|---|---|");
            double sequential = measure(timer, rows, latencyMs, 1, 1);
            measure(timer, rows, latencyMs, 16, 1, sequential);
            measure(timer, rows, latencyMs, 16, 10, sequential);
        } finally {
            timer.shutdownNow();
        }
    }

    private static double measure(ScheduledExecutorService timer, int rows, int latencyMs, int concurrency, int batch) {
        return measure(timer, rows, latencyMs, concurrency, batch, 0);
    }

    private static double measure(ScheduledExecutorService timer, int rows, int latencyMs, int concurrency, int batch, double baseline) {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        PipelineTester tester = new PipelineTester();
        TestInput<Lookup.Key> keys = tester.input(Lookup_Key_.SCHEMA);
        AsyncOptions options = AsyncOptions.defaults().withConcurrency(concurrency).withMaxBatchSize(batch);
        Expr<String> answer = AsyncUdf.applyBatched("service", ValueTypes.STRING, Lookup_Key_.key, arguments -> {
            most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            CompletableFuture<List<String>> result = new CompletableFuture<>();
            timer.schedule(() -> {
                inFlight.decrementAndGet();
                result.complete(arguments.stream().map(k -> k.toUpperCase(Locale.ROOT)).toList());
            }, latencyMs, TimeUnit.MILLISECONDS);
            return result;
        }, options);
        Captured<Lookup.Answer> out = tester.capture(keys.table().select(Lookup_Answer_.of(Lookup_Key_.key, answer)));
        for (int i = 0; i < rows; i++) {
            keys.insert(new Lookup.Key("key-" + i));
        }
        long start = System.nanoTime();
        tester.step();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (out.rows().size() != rows) {
            throw new IllegalStateException("expected " + rows + " answers, got " + out.rows().size());
        }
        double rate = rows / seconds;
        System.out.printf(Locale.ROOT, "| %d | %d | %.2f | %.0f | %s | %d |%n", concurrency, batch, seconds, rate,
                baseline == 0 ? "1.0x" : String.format(Locale.ROOT, "%.1fx", rate / baseline), most.get());
        return rate;
    }
}
