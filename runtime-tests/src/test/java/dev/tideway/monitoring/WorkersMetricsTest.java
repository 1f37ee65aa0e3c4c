package dev.tideway.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tideway.Pipeline;
import dev.tideway.Reducers;
import dev.tideway.RunConfig;
import dev.tideway.RunHandle;
import dev.tideway.Table;
import dev.tideway.internal.engine.fixtures.Sale;
import dev.tideway.internal.engine.fixtures.Sale_;
import dev.tideway.internal.engine.fixtures.ShopTotal;
import dev.tideway.internal.engine.fixtures.ShopTotal_;
import dev.tideway.io.csv.Csv;
import dev.tideway.io.csv.CsvReadOptions;
import dev.tideway.io.subscribe.Subscribe;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run's meters on two workers: the rows a split source read and the rows a copied operator took
 * in count as they do on one worker (the meters read the pipeline's own nodes, which the workers mute
 * and do not poll).
 */
class WorkersMetricsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void rowsReadAndRowsInCountEveryWorkersRows() throws Exception {
        Files.createDirectories(dir.resolve("in"));
        for (int f = 0; f < 6; f++) {
            StringBuilder lines = new StringBuilder("shop,item,qty,units,price\n");
            for (int i = 0; i < 5; i++) {
                lines.append("s").append(f % 3).append(",x,1,1,1.0\n");
            }
            Files.writeString(dir.resolve("in").resolve("f" + f + ".csv"), lines);
        }
        MeterRegistry registry = new SimpleMeterRegistry();
        RunHandle run;
        try (Pipeline pipeline = Pipeline.create()) {
            Table<Sale> sales = Csv.read(dir.resolve("in"), Sale_.SCHEMA,
                    CsvReadOptions.defaults().withStreaming(true).withPollInterval(Duration.ofMillis(50)));
            Table<ShopTotal> totals = sales.groupBy(Sale_.shop).reduce(ShopTotal_.of(Sale_.shop, Reducers.count()));
            Subscribe.subscribe(totals, (key, row, time, insert) -> {});
            run = pipeline.start(RunConfig.defaults().withHandleSignals(false).withProgress(false).withMeterRegistry(registry)
                    .withWorkers(2));
        }
        try {
            await("the three shops' totals written", () -> counter(registry, "tideway.sink.rows", "sink", "subscribe") == 3);
            assertThat(counter(registry, "tideway.source.rows", "source", "csv-0")).as("rows read").isEqualTo(30);
            assertThat(counter(registry, "tideway.operator.rows.in", "operator", "group-by#1")).as("rows into the group-by").isEqualTo(30);
        } finally {
            run.stop();
        }
    }

    private static double counter(MeterRegistry registry, String name, String tag, String value) {
        FunctionCounter counter = registry.find(name).tag(tag, value).functionCounter();
        return counter == null ? -1 : counter.count();
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }
}
