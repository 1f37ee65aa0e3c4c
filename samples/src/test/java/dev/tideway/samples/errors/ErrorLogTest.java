package dev.tideway.samples.errors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tideway.ErrorLogEntry;
import dev.tideway.Exprs;
import dev.tideway.Pipeline;
import dev.tideway.Reducers;
import dev.tideway.RunConfig;
import dev.tideway.Table;
import dev.tideway.Tideway;
import dev.tideway.UserFunctionException;
import dev.tideway.Window;
import dev.tideway.WindowedTable;
import dev.tideway.internal.engine.Graph;
import dev.tideway.io.csv.Csv;
import dev.tideway.io.csv.CsvReadOptions;
import dev.tideway.io.jsonlines.JsonLines;
import dev.tideway.io.subscribe.Subscribe;
import dev.tideway.persistence.Backend;
import dev.tideway.persistence.PersistenceConfig;
import dev.tideway.samples.udf.Cents;
import dev.tideway.samples.udf.Cents_;
import dev.tideway.samples.udf.KeyedPrice;
import dev.tideway.samples.udf.KeyedPrice_;
import dev.tideway.samples.udf.Price;
import dev.tideway.samples.udf.Price_;
import dev.tideway.samples.udf.Sale;
import dev.tideway.samples.udf.Sale_;
import dev.tideway.samples.udf.SkuTotal_;
import dev.tideway.samples.wordcount.WordCount;
import dev.tideway.samples.wordcount.WordCount_;
import dev.tideway.schema.ValueTypes;
import dev.tideway.testing.Captured;
import dev.tideway.testing.PipelineTester;
import dev.tideway.testing.TestInput;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code RunConfig.withTerminateOnError(false)}: a row that user code fails on (or whose key clashes)
 * is withheld from the result and reported to the error log table, and the run goes on; the
 * retraction of a withheld row is dropped too, so the outputs stay consistent, across restarts too.
 * The default still stops the run.
 */
class ErrorLogTest {
    private static final RunConfig LOGGING = RunConfig.defaults().withHandleSignals(false).withProgress(false).withTerminateOnError(false);

    @TempDir
    Path dir;

    @AfterEach
    void emptyTheThreadsPipeline() {
        Graph.detachCurrent();
    }

    /** Whole cents: refuses amounts with a fraction of a cent, as BigDecimal.setScale does without a rounding mode. */
    static long cents(BigDecimal amount) {
        return amount.setScale(2).unscaledValue().longValueExact();
    }

    private Path prices(String file, String rows) throws Exception {
        Path input = Files.createDirectories(dir.resolve("prices"));
        return Files.writeString(input.resolve(file), "sku,amount\n" + rows);
    }

    private Table<Price> readPrices() {
        return Csv.read(dir.resolve("prices"), Price_.SCHEMA, CsvReadOptions.defaults().withStreaming(false).withPersistentId("prices"));
    }

    private static Table<Cents> inCents(Table<Price> prices) {
        return prices.select(Cents_.of(Price_.sku, Exprs.apply(ValueTypes.LONG, Price_.amount, ErrorLogTest::cents)));
    }

    @Test
    void aFailingUdfWithholdsTheRowReportsItInTheErrorLogAndTheRunGoesOn() throws Exception {
        Path file = prices("a.csv", "pen,1.50\nink,1.005\npad,2.00\n");
        List<Cents> out = new ArrayList<>();
        List<ErrorLogEntry> errors = new ArrayList<>();
        List<Long> outTimes = new ArrayList<>();
        try (Pipeline pipeline = Pipeline.create()) {
            Subscribe.subscribe(inCents(readPrices()), (key, row, time, insert) -> {
                out.add(row);
                outTimes.add(time);
            });
            Subscribe.subscribe(pipeline.errorLog(), (key, row, time, insert) -> errors.add(row));
            pipeline.run(LOGGING);
        }
        assertThat(out).containsExactlyInAnyOrder(new Cents("pen", 150), new Cents("pad", 200));
        assertThat(errors).hasSize(1);
        ErrorLogEntry error = errors.get(0);
        assertThat(error.operator()).isEqualTo("select#1");
        assertThat(error.operatorName()).isNull();
        assertThat(error.error()).isEqualTo("java.lang.ArithmeticException: Rounding necessary");
        assertThat(error.key()).matches("[0-9a-f]{16}");
        assertThat(error.row()).isEqualTo("Price[sku=ink, amount=1.005]");
        assertThat(error.origin()).isEqualTo("source \"prices\", " + file + ", line 3");
        assertThat(error.failedAt()).as("the batch's time, as the sinks'").isEqualTo(outTimes.get(0));
    }

    @Test
    void theErrorLogIsATableThatAnySinkWrites() throws Exception {
        prices("a.csv", "ink,1.005\n");
        Path errors = dir.resolve("errors.jsonl");
        try (Pipeline pipeline = Pipeline.create()) {
            JsonLines.write(inCents(readPrices()), dir.resolve("out.jsonl"));
            JsonLines.write(Tideway.errorLog(), errors);
            pipeline.run(LOGGING);
        }
        List<String> lines = Files.readAllLines(errors);
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).matches("\\{\"operator\":\"select#1\",\"operatorName\":null,\"error\":\"java.lang.ArithmeticException:"
                + " Rounding necessary\",\"key\":\"[0-9a-f]{16}\",\"row\":\"Price\\[sku=ink, amount=1.005]\",\"origin\":\"source"
                + " \\\\\"prices\\\\\", .*a.csv, line 2\",\"failedAt\":(\\d+),\"time\":\\1,\"diff\":1}");
        assertThat(Files.readString(dir.resolve("out.jsonl"))).isEmpty();
    }

    @Test
    void byDefaultTheFirstFailureStillStopsTheRunAndTheErrorLogStaysEmpty() throws Exception {
        prices("a.csv", "pen,1.50\nink,1.005\n");
        List<ErrorLogEntry> errors = new ArrayList<>();
        assertThatThrownBy(() -> {
            try (Pipeline pipeline = Pipeline.create()) {
                JsonLines.write(inCents(readPrices()), dir.resolve("out.jsonl"));
                Subscribe.subscribe(pipeline.errorLog(), (key, row, time, insert) -> errors.add(row));
                pipeline.run(RunConfig.defaults().withHandleSignals(false).withProgress(false));
            }
        }).isInstanceOf(UserFunctionException.class).hasMessageContaining("Price[sku=ink, amount=1.005]");
        assertThat(errors).isEmpty();
    }

    @Test
    void theRetractionOfAWithheldRowIsDroppedWhenItsFileGoesAfterARestart() throws Exception {
        Path bad = prices("a.csv", "pen,1.50\nink,1.005\n");
        prices("b.csv", "pad,2.00\n");
        Path state = dir.resolve("state");
        Path out = dir.resolve("totals.jsonl");
        Path errors = dir.resolve("errors.jsonl");
        Runnable build = () -> {
            // the rows in cents, counted per sku downstream: a retraction of a row never inserted would make a count negative
            Table<Cents> cents = inCents(readPrices());
            JsonLines.write(cents.groupBy(Cents_.sku).reduce(WordCount_.of(Cents_.sku, Reducers.count())), out);
            JsonLines.write(Tideway.errorLog(), errors);
        };
        run(build, state);
        assertThat(Consolidated.of(out)).containsOnlyKeys("{\"word\":\"pen\",\"count\":1}", "{\"word\":\"pad\",\"count\":1}");
        assertThat(Consolidated.of(errors)).hasSize(1);

        Files.delete(bad);
        run(build, state);
        assertThat(Consolidated.of(out)).containsOnlyKeys("{\"word\":\"pad\",\"count\":1}");
        assertThat(Consolidated.of(errors)).as("the dropped retraction is not an error of its own").hasSize(1);
    }

    /**
     * A function that fails on a row only sometimes (a flaky service), declared non-deterministic: the
     * select remembers the failure in its state, so the row's retraction after a restart is dropped,
     * although the function would now answer.
     */
    @Test
    void aNonDeterministicFunctionsFailuresAreRememberedAcrossARestart() throws Exception {
        Path flaky = prices("a.csv", "pen,1.50\nink,2.00\n");
        Path state = dir.resolve("state");
        Path out = dir.resolve("totals.jsonl");
        Set<String> failedOnce = new HashSet<>();
        Runnable build = () -> {
            Table<Cents> cents = readPrices().select(Cents_.of(Price_.sku, Exprs.applyNonDeterministic(ValueTypes.LONG, Price_.sku, sku -> {
                if (sku.equals("ink") && failedOnce.add(sku)) {
                    throw new IllegalStateException("the price service timed out");
                }
                return 100L;
            })));
            JsonLines.write(cents.groupBy(Cents_.sku).reduce(WordCount_.of(Cents_.sku, Reducers.count())), out);
        };
        run(build, state);
        assertThat(Consolidated.of(out)).containsOnlyKeys("{\"word\":\"pen\",\"count\":1}");

        Files.delete(flaky);
        run(build, state);
        assertThat(Consolidated.of(out)).isEmpty();
        assertThat(failedOnce).containsExactly("ink");
    }

    @Test
    void aReducerThatFailsOnARowLeavesTheRowOutOfItsGroup() throws Exception {
        prices("a.csv", "pen,1.50\npen,1.005\npen,2.00\nink,0.10\n");
        List<String> totals = new ArrayList<>();
        List<ErrorLogEntry> errors = new ArrayList<>();
        try (Pipeline pipeline = Pipeline.create()) {
            Table<Price> prices = readPrices();
            Subscribe.subscribe(prices.groupBy(Price_.sku).reduce(WordCount_.of(Price_.sku,
                    Reducers.sum(Exprs.apply(ValueTypes.LONG, Price_.amount, ErrorLogTest::cents)))),
                    (key, row, time, insert) -> totals.add((insert ? "+" : "-") + row));
            Subscribe.subscribe(pipeline.errorLog(), (key, row, time, insert) -> errors.add(row));
            pipeline.run(LOGGING);
        }
        assertThat(totals).containsExactlyInAnyOrder("+WordCount[word=pen, count=350]", "+WordCount[word=ink, count=10]");
        assertThat(errors).extracting(ErrorLogEntry::operator, ErrorLogEntry::row)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("group-by#1", "Price[sku=pen, amount=1.005]"));
    }

    @Test
    void aGroupWhoseRecordRefusesItsRowShowsNoneUntilAChangeLetsItBeBuilt() throws Exception {
        prices("a.csv", "pen,-1.00\nink,1.00\n");
        Path state = dir.resolve("state");
        Path out = dir.resolve("cents.jsonl");
        Path errors = dir.resolve("errors.jsonl");
        Runnable build = () -> {
            // Cents refuses a negative amount: pen's total of -100 cannot be a row
            Table<Price> prices = readPrices();
            JsonLines.write(prices.groupBy(Price_.sku).reduce(Cents_.of(Price_.sku,
                    Reducers.sum(Exprs.apply(ValueTypes.LONG, Price_.amount, ErrorLogTest::cents)))), out);
            JsonLines.write(Tideway.errorLog(), errors);
        };
        run(build, state);
        assertThat(Consolidated.of(out)).containsOnlyKeys("{\"sku\":\"ink\",\"cents\":100}");
        assertThat(Files.readString(errors)).contains("\"operator\":\"group-by#1\"", "cents must not be negative, not -100",
                "\"row\":\"the group [pen]\"");

        prices("b.csv", "pen,3.00\n");
        run(build, state);
        assertThat(Consolidated.of(out)).containsOnlyKeys("{\"sku\":\"ink\",\"cents\":100}", "{\"sku\":\"pen\",\"cents\":200}");
    }

    @Test
    void aKeyClashWithholdsTheKeyUntilOneOfItsRowsGoes() throws Exception {
        Path left = Files.createDirectories(dir.resolve("left"));
        Path right = Files.createDirectories(dir.resolve("right"));
        Files.writeString(left.resolve("a.csv"), "sku,amount\npen,1.00\nink,2.00\n");
        Path clash = Files.writeString(right.resolve("b.csv"), "sku,amount\npen,9.00\n");
        Path state = dir.resolve("state");
        Path out = dir.resolve("all.jsonl");
        Path errors = dir.resolve("errors.jsonl");
        Runnable build = () -> {
            Table<KeyedPrice> both = keyed(left, "left").concat(keyed(right, "right"));
            JsonLines.write(both, out);
            JsonLines.write(Tideway.errorLog(), errors);
        };
        run(build, state);
        assertThat(Consolidated.of(out)).containsOnlyKeys("{\"sku\":\"ink\",\"amount\":2.00}");
        assertThat(Files.readString(errors)).contains("\"operator\":\"concat#2\"", "KeyClashException", "is in both tables");

        Files.delete(clash);
        run(build, state);
        assertThat(Consolidated.of(out)).containsOnlyKeys("{\"sku\":\"ink\",\"amount\":2.00}", "{\"sku\":\"pen\",\"amount\":1.00}");
    }

    @Test
    void anEventTimeOperatorWithholdsTheRowItsReducerFailsOn() throws Exception {
        Path sales = Files.createDirectories(dir.resolve("sales"));
        Files.writeString(sales.resolve("a.csv"), "sku,at,amount\npen,1,1.50\npen,2,1.005\npen,3,2.00\n");
        List<String> totals = new ArrayList<>();
        List<ErrorLogEntry> errors = new ArrayList<>();
        try (Pipeline pipeline = Pipeline.create()) {
            WindowedTable<Sale, Long> windows = Csv.read(sales, Sale_.SCHEMA, CsvReadOptions.defaults().withStreaming(false)
                    .withPersistentId("sales")).windowBy(Window.tumbling(10L), Sale_.at, Sale_.sku);
            Subscribe.subscribe(windows.reduce(SkuTotal_.of(Sale_.sku, windows.start(),
                    Reducers.sum(Exprs.apply(ValueTypes.LONG, Sale_.amount, ErrorLogTest::cents)))),
                    (key, row, time, insert) -> totals.add((insert ? "+" : "-") + row));
            Subscribe.subscribe(pipeline.errorLog(), (key, row, time, insert) -> errors.add(row));
            pipeline.run(LOGGING);
        }
        assertThat(totals).containsExactly("+SkuTotal[sku=pen, start=0, cents=350]");
        assertThat(errors).extracting(ErrorLogEntry::operator).containsExactly("window-tumbling#1");
    }

    @Test
    void aCallbackThatFailsOnAChangeMissesThatOneAndGetsTheOthers() throws Exception {
        prices("a.csv", "pen,1.50\nink,1.00\npad,2.00\n");
        List<Cents> seen = new ArrayList<>();
        List<ErrorLogEntry> errors = new ArrayList<>();
        try (Pipeline pipeline = Pipeline.create()) {
            Subscribe.subscribe(inCents(readPrices()), (key, row, time, insert) -> {
                if (row.sku().equals("ink")) {
                    throw new IllegalStateException("the dashboard refused ink");
                }
                seen.add(row);
            });
            Subscribe.subscribe(pipeline.errorLog(), (key, row, time, insert) -> errors.add(row));
            pipeline.run(LOGGING);
        }
        assertThat(seen).containsExactlyInAnyOrder(new Cents("pen", 150), new Cents("pad", 200));
        assertThat(errors).extracting(ErrorLogEntry::error).containsExactly("java.lang.IllegalStateException: the dashboard refused ink");
    }

    @Test
    void aTesterThatDoesNotTerminateOnErrorsWithholdsRowsAndDropsTheirRetractions() {
        PipelineTester tester = new PipelineTester().withTerminateOnError(false);
        TestInput<Price> prices = tester.input(Price_.SCHEMA);
        Captured<WordCount> counts = tester.capture(inCents(prices.table()).groupBy(Cents_.sku)
                .reduce(WordCount_.of(Cents_.sku, Reducers.count())));
        Captured<ErrorLogEntry> errors = tester.capture(tester.errorLog());
        prices.insert(new Price("pen", new BigDecimal("1.50")), new Price("ink", new BigDecimal("1.005")));
        tester.step();
        assertThat(counts.rows()).containsExactly(new WordCount("pen", 1));
        assertThat(errors.rows()).extracting(ErrorLogEntry::row).containsExactly("Price[sku=ink, amount=1.005]");

        prices.delete(new Price("ink", new BigDecimal("1.005")));
        tester.step();
        assertThat(counts.rows()).containsExactly(new WordCount("pen", 1));
        assertThat(errors.changes()).as("a dropped retraction is no new error").hasSize(1);
    }

    private static Table<KeyedPrice> keyed(Path directory, String id) {
        return Csv.read(directory, KeyedPrice_.SCHEMA, CsvReadOptions.defaults().withStreaming(false).withPersistentId(id));
    }

    /** Builds and runs the pipeline with persistence in {@code state}, withholding failing rows. */
    private static void run(Runnable build, Path state) throws Exception {
        try (Pipeline pipeline = Pipeline.create()) {
            build.run();
            pipeline.run(LOGGING.withPersistence(PersistenceConfig.of(Backend.filesystem(state))));
        }
    }
}
