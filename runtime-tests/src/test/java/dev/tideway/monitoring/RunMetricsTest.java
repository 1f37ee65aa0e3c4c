package dev.tideway.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tideway.Exprs;
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
import dev.tideway.io.file.BadRowPolicy;
import dev.tideway.io.jsonlines.JsonLines;
import dev.tideway.io.push.PushSource;
import dev.tideway.io.subscribe.Subscribe;
import dev.tideway.persistence.Backend;
import dev.tideway.persistence.PersistenceConfig;
import dev.tideway.schema.ValueTypes;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run's meters in an application's registry ({@code RunConfig.withMeterRegistry}), read as the
 * registry reads them: each moves as the run reads, computes, writes and commits.
 */
class RunMetricsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void sourceOperatorAndSinkMetersMoveWithEachBatchAndLeaveTheRegistryWithTheRun() throws Exception {
        MeterRegistry registry = new SimpleMeterRegistry();
        RunHandle run;
        PushSource<Sale> sales;
        try (Pipeline pipeline = Pipeline.create()) {
            sales = PushSource.create(Sale_.SCHEMA, "sales");
            Table<ShopTotal> totals = sales.table().groupBy(Sale_.shop).reduce(ShopTotal_.of(Sale_.shop, Reducers.sum(Sale_.qty)));
            Subscribe.subscribe(totals, (key, row, time, insert) -> {});
            run = pipeline.start(RunConfig.defaults().withHandleSignals(false).withMeterRegistry(registry).withProgress(false));
        }
        try {
            sales.insert(sale("a", 1));
            sales.insert(sale("a", 2));
            sales.insert(sale("b", 5));
            await("three rows read", () -> counter(registry, "tideway.source.rows", "source", "sales") == 3);
            await("the group-by's two rows written", () -> counter(registry, "tideway.sink.rows", "sink", "subscribe") == 2);
            assertThat(counter(registry, "tideway.operator.rows.in", "operator", "group-by#1")).isEqualTo(3);
            assertThat(counter(registry, "tideway.operator.rows.out", "operator", "group-by#1")).isEqualTo(2);
            assertThat(gauge(registry, "tideway.operator.state.rows", "operator", "group-by#1")).isEqualTo(2);
            assertThat(registry.find("tideway.commit.duration").timer().count()).isGreaterThanOrEqualTo(1);
            assertThat(registry.find("tideway.commit.time").gauge().value()).isGreaterThan(0);

            // an update of shop a: its row is retracted and inserted again; the state keeps two groups
            sales.insert(sale("a", 4));
            await("the fourth row read", () -> counter(registry, "tideway.source.rows", "source", "sales") == 4);
            await("shop a updated", () -> counter(registry, "tideway.operator.rows.out", "operator", "group-by#1") == 4);
            assertThat(counter(registry, "tideway.operator.rows.in", "operator", "group-by#1")).isEqualTo(4);
            assertThat(gauge(registry, "tideway.operator.state.rows", "operator", "group-by#1")).isEqualTo(2);
            await("the update written", () -> counter(registry, "tideway.sink.rows", "sink", "subscribe") == 4);
            assertThat(counter(registry, "tideway.operator.errors", "operator", "group-by#1")).isZero();
            double lag = registry.find("tideway.source.lag").tag("source", "sales").timeGauge().value(TimeUnit.MILLISECONDS);
            assertThat(lag).isGreaterThanOrEqualTo(0).isLessThan(TIMEOUT.toMillis());
        } finally {
            run.stop();
        }
        assertThat(registry.find("tideway.source.rows").meters()).as("a run's meters leave the registry with it").isEmpty();
        assertThat(registry.find("tideway.commit.duration").meters()).isEmpty();
    }

    /** On several workers, each file is read by one of them and the select runs on each: the meters count them all. */
    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void filesReadBadRowsSkippedAndRowsWithheldAreCounted(int workers) throws Exception {
        Path input = Files.createDirectories(dir.resolve("sales"));
        Files.writeString(input.resolve("1.csv"), "shop,item,qty,units,price\na,pen,1,1,1.0\nb,ink,x,1,1.0\n");
        Files.writeString(input.resolve("2.csv"), "shop,item,qty,units,price\nc,pad,0,1,1.0\nd,cup,2,1,1.0\n");
        long bytes = Files.size(input.resolve("1.csv")) + Files.size(input.resolve("2.csv"));
        MeterRegistry registry = new SimpleMeterRegistry();
        RecordingRegistry kept = new RecordingRegistry(registry);
        try (Pipeline pipeline = Pipeline.create()) {
            Table<Sale> sales = Csv.read(input, Sale_.SCHEMA, CsvReadOptions.defaults().withStreaming(false)
                    .withBadRows(BadRowPolicy.SKIP).withPersistentId("sales"));
            // 10 / qty fails on the row of c, whose qty is 0
            Table<ShopTotal> perUnit = sales.select(ShopTotal_.of(Sale_.shop,
                    Exprs.apply(ValueTypes.LONG, Sale_.qty, qty -> 10 / qty)));
            JsonLines.write(perUnit, dir.resolve("per-unit.jsonl"));
            kept.watch();
            pipeline.run(RunConfig.defaults().withMeterRegistry(registry).withProgress(false).withTerminateOnError(false)
                    .withWorkers(workers));
        }
        String sink = "jsonlines:" + dir.resolve("per-unit.jsonl");
        assertThat(kept.value("tideway.sink.rows", "sink", sink)).isEqualTo(2);
        assertThat(kept.value("tideway.sink.position", "sink", sink)).as("the file's committed length")
                .isEqualTo(Files.size(dir.resolve("per-unit.jsonl"))).isPositive();
        assertThat(kept.value("tideway.source.units", "source", "sales")).isEqualTo(2);
        assertThat(kept.value("tideway.source.bytes", "source", "sales")).isEqualTo(bytes);
        assertThat(kept.value("tideway.source.units.pending", "source", "sales")).isZero();
        assertThat(kept.value("tideway.source.rows", "source", "sales")).isEqualTo(3);
        assertThat(kept.value("tideway.source.bad.rows", "source", "sales")).isEqualTo(1);
        assertThat(kept.value("tideway.operator.errors", "operator", "select#1")).isEqualTo(1);
        assertThat(kept.value("tideway.operator.rows.out", "operator", "select#1")).isEqualTo(2);
        assertThat(kept.value("tideway.source.lag", "source", "sales")).as("a finished source lags nothing").isZero();
    }

    /** A streaming run on two workers: the rows the split source read and the copied group-by took in count as on one worker. */
    @Test
    void rowsReadAndRowsInCountEveryWorkersRowsWhileTheRunGoesOn() throws Exception {
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

    /** The state's meters count every worker's part of it; the state written on some workers restarts on others. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void commitsSnapshotsStateSizeAndRestartsAreMeasured(int workers) throws Exception {
        PersistenceConfig persistence = PersistenceConfig.of(Backend.filesystem(dir.resolve("state"))).withSnapshotIntervalMs(0);
        MeterRegistry first = new SimpleMeterRegistry();
        RecordingRegistry firstKept = new RecordingRegistry(first);
        runTotals(persistence, workers, first, firstKept, sale("a", 1), sale("b", 2));
        assertThat(firstKept.value("tideway.restarts", null, null)).as("a first run continues nothing").isZero();
        assertThat(firstKept.timerCount("tideway.snapshot.duration")).isGreaterThanOrEqualTo(1);
        assertThat(firstKept.summaryTotal("tideway.snapshot.bytes")).isGreaterThan(0);
        assertThat(firstKept.value("tideway.operator.state.bytes", "operator", "totals-by-shop")).isGreaterThan(0);
        assertThat(firstKept.value("tideway.operator.state.rows", "operator", "totals-by-shop")).isEqualTo(2);

        // a restart; with the default interval, a batch before the last appends its input to the log
        MeterRegistry second = new SimpleMeterRegistry();
        RecordingRegistry secondKept = new RecordingRegistry(second);
        RunHandle run;
        PushSource<Sale> sales;
        try (Pipeline pipeline = Pipeline.create()) {
            sales = totals();
            secondKept.watch();
            run = pipeline.start(RunConfig.defaults().withHandleSignals(false)
                    .withPersistence(PersistenceConfig.of(Backend.filesystem(dir.resolve("state"))))
                    .withMeterRegistry(second).withProgress(false).withWorkers(workers + 1));
        }
        sales.insert(sale("a", 3));
        await("a commit that appended to the log", () -> second.find("tideway.commit.log.bytes").summary() != null
                && second.find("tideway.commit.log.bytes").summary().totalAmount() > 0);
        sales.close();
        run.await();
        assertThat(secondKept.value("tideway.restarts", null, null)).isEqualTo(1);
        assertThat(secondKept.timerCount("tideway.recovery.duration")).isEqualTo(1);
        assertThat(secondKept.value("tideway.sink.position", "sink", "subscribe")).as("a callback has no position").isEqualTo(-1);
        assertThat(secondKept.value("tideway.operator.state.rows", "operator", "totals-by-shop")).isEqualTo(2);
    }

    private static void runTotals(PersistenceConfig persistence, int workers, MeterRegistry registry, RecordingRegistry kept, Sale... rows)
            throws Exception {
        try (Pipeline pipeline = Pipeline.create()) {
            PushSource<Sale> sales = totals();
            kept.watch();
            for (Sale row : rows) {
                sales.insert(row);
            }
            sales.close();
            pipeline.run(RunConfig.defaults().withPersistence(persistence).withMeterRegistry(registry).withProgress(false)
                    .withWorkers(workers));
        }
    }

    /** Sales summed by shop, into a callback, in the pipeline being built. */
    private static PushSource<Sale> totals() {
        PushSource<Sale> sales = PushSource.create(Sale_.SCHEMA, "sales");
        Table<ShopTotal> totals = sales.table().groupBy(Sale_.shop).reduce(ShopTotal_.of(Sale_.shop, Reducers.sum(Sale_.qty)))
                .named("totals-by-shop");
        Subscribe.subscribe(totals, (key, row, time, insert) -> {});
        return sales;
    }

    private static Sale sale(String shop, long qty) {
        return new Sale(shop, "item", qty, 1, 1.0);
    }

    private static double counter(MeterRegistry registry, String name, String tag, String value) {
        FunctionCounter counter = registry.find(name).tag(tag, value).functionCounter();
        return counter == null ? -1 : counter.count();
    }

    private static double gauge(MeterRegistry registry, String name, String tag, String value) {
        Gauge gauge = registry.find(name).tag(tag, value).gauge();
        return gauge == null ? -1 : gauge.value();
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

    /**
     * Reads a run's meters at the moment they leave the registry (the end of the run), as a last
     * scrape would: what they said then is what the test checks.
     */
    private static final class RecordingRegistry {
        private final MeterRegistry registry;
        private final java.util.Map<String, Double> values = new java.util.concurrent.ConcurrentHashMap<>();

        RecordingRegistry(MeterRegistry registry) {
            this.registry = registry;
        }

        void watch() {
            registry.config().onMeterRemoved(meter -> {
                String key = key(meter.getId().getName(), meter.getId().getTags().stream()
                        .filter(tag -> !tag.getKey().equals("kind")).map(tag -> tag.getKey() + "=" + tag.getValue()).findFirst().orElse(null));
                double value;
                if (meter instanceof FunctionCounter counter) {
                    value = counter.count();
                } else if (meter instanceof TimeGauge gauge) {
                    value = gauge.value(TimeUnit.MILLISECONDS);
                } else if (meter instanceof Gauge gauge) {
                    value = gauge.value();
                } else if (meter instanceof Timer timer) {
                    value = timer.count();
                } else if (meter instanceof io.micrometer.core.instrument.DistributionSummary summary) {
                    value = summary.totalAmount();
                } else if (meter instanceof io.micrometer.core.instrument.Counter counter) {
                    value = counter.count();
                } else {
                    return;
                }
                values.put(key, value);
            });
        }

        private static String key(String name, String tag) {
            return tag == null ? name : name + "{" + tag + "}";
        }

        double value(String name, String tag, String value) {
            Double found = values.get(key(name, tag == null ? null : tag + "=" + value));
            assertThat(found).as("the meter %s{%s=%s} was registered", name, tag, value).isNotNull();
            return found;
        }

        double timerCount(String name) {
            return value(name, null, null);
        }

        double summaryTotal(String name) {
            return value(name, null, null);
        }
    }
}
