package dev.tideway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tideway.internal.engine.fixtures.Sale;
import dev.tideway.internal.engine.fixtures.Sale_;
import dev.tideway.internal.engine.fixtures.ShopTotal;
import dev.tideway.internal.engine.fixtures.ShopTotal_;
import dev.tideway.io.csv.Csv;
import dev.tideway.io.csv.CsvReadOptions;
import dev.tideway.io.jsonlines.JsonLines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code RunConfig.withWorkers}: a whole run on several workers, what it refuses, and how a worker's failure ends the run. */
class WorkersRunTest {
    private static final RunConfig STATIC = RunConfig.defaults().withHandleSignals(false).withProgress(false);

    @TempDir
    Path dir;

    @Test
    void aStaticRunOnThreeWorkersWritesWhatOneWorkerWrites() throws Exception {
        Random random = new Random(7);
        for (int f = 0; f < 12; f++) {
            List<String> lines = new ArrayList<>(List.of("shop,item,qty,units,price"));
            for (int i = 0; i < 500; i++) {
                lines.add("s" + random.nextInt(40) + ",x," + random.nextInt(10) + ",1,1.0");
            }
            Files.createDirectories(dir.resolve("in"));
            Files.write(dir.resolve("in").resolve("f" + f + ".csv"), lines);
        }
        for (int workers : new int[] {1, 3}) {
            try (Pipeline pipeline = Pipeline.create()) {
                Table<Sale> sales = Csv.read(dir.resolve("in"), Sale_.SCHEMA, CsvReadOptions.defaults().withStreaming(false));
                JsonLines.write(sales.groupBy(Sale_.shop).reduce(ShopTotal_.of(Sale_.shop, Reducers.sum(Sale_.qty))),
                        dir.resolve("out-" + workers + ".jsonl"));
                pipeline.run(STATIC.withWorkers(workers));
            }
        }
        List<String> one = sortedWithoutTime(dir.resolve("out-1.jsonl"));
        assertThat(one).hasSize(40);
        assertThat(sortedWithoutTime(dir.resolve("out-3.jsonl"))).isEqualTo(one);
    }

    @Test
    void aGroupingKeyFailingOnSomeRowsIsWithheldOnTwoWorkersAsOnOne() throws Exception {
        // the exchange into the groupBy cannot compute those rows' partition keys: it routes them without
        // one, and the groupBy withholds them as it does on one worker
        Random random = new Random(11);
        Files.createDirectories(dir.resolve("in"));
        for (int f = 0; f < 8; f++) {
            List<String> lines = new ArrayList<>(List.of("shop,item,qty,units,price"));
            for (int i = 0; i < 300; i++) {
                lines.add("s" + random.nextInt(6) + ",x," + random.nextInt(6) + ",1,1.0");
            }
            Files.write(dir.resolve("in").resolve("f" + f + ".csv"), lines);
        }
        for (int workers : new int[] {1, 2}) {
            try (Pipeline pipeline = Pipeline.create()) {
                Table<Sale> sales = Csv.read(dir.resolve("in"), Sale_.SCHEMA, CsvReadOptions.defaults().withStreaming(false));
                Expr<String> shopOfQty = Exprs.apply(dev.tideway.schema.ValueTypes.STRING, Sale_.qty, qty -> {
                    if (qty == 0) {
                        throw new IllegalArgumentException("no shop for a quantity of 0");
                    }
                    return "q" + qty;
                });
                JsonLines.write(sales.groupBy(shopOfQty).reduce(ShopTotal_.of(shopOfQty, Reducers.count())),
                        dir.resolve("out-" + workers + ".jsonl"));
                pipeline.run(STATIC.withTerminateOnError(false).withWorkers(workers));
            }
        }
        List<String> one = sortedWithoutTime(dir.resolve("out-1.jsonl"));
        assertThat(one).hasSize(5).noneMatch(line -> line.contains("\"q0\""));
        assertThat(sortedWithoutTime(dir.resolve("out-2.jsonl"))).isEqualTo(one);
    }

    @Test
    void aUserFunctionFailingOnAnyWorkerEndsTheRunWithItsError() throws Exception {
        Files.createDirectories(dir.resolve("in"));
        for (int f = 0; f < 6; f++) {
            Files.writeString(dir.resolve("in").resolve("f" + f + ".csv"), "shop,item,qty,units,price\ns" + f + ",x," + f + ",1,1.0\n");
        }
        try (Pipeline pipeline = Pipeline.create()) {
            Table<Sale> sales = Csv.read(dir.resolve("in"), Sale_.SCHEMA, CsvReadOptions.defaults().withStreaming(false));
            JsonLines.write(sales.map(ShopTotal_.SCHEMA, sale -> {
                if (sale.qty() == 4) {
                    throw new IllegalStateException("no fours");
                }
                return new ShopTotal(sale.shop(), sale.qty());
            }), dir.resolve("out.jsonl"));
            assertThatThrownBy(() -> pipeline.run(STATIC.withWorkers(2))).isInstanceOf(UserFunctionException.class)
                    .hasRootCauseMessage("no fours");
        }
    }

    @Test
    void aPipelineReadingItsErrorLogOnMoreThanOneWorkerIsRefused() throws Exception {
        try (Pipeline pipeline = Pipeline.create()) {
            Files.createDirectories(dir.resolve("in"));
            JsonLines.write(Csv.read(dir.resolve("in"), Sale_.SCHEMA), dir.resolve("out.jsonl"));
            JsonLines.write(Tideway.errorLog(), dir.resolve("errors.jsonl"));
            assertThatThrownBy(() -> pipeline.run(STATIC.withWorkers(2))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("error log");
        }
    }

    @Test
    void lessThanOneWorkerIsRefused() {
        assertThatThrownBy(() -> RunConfig.defaults().withWorkers(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one worker");
    }

    private static List<String> sortedWithoutTime(Path file) throws Exception {
        return Files.readAllLines(file).stream().map(line -> line.replaceAll("\"time\":\\d+,", "")).sorted().toList();
    }
}
