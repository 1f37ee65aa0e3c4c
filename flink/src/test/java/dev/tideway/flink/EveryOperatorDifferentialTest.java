package dev.tideway.flink;

import static dev.tideway.Exprs.times;
import static dev.tideway.Exprs.toLong;
import static dev.tideway.Exprs.upper;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tideway.AsyncOptions;
import dev.tideway.AsyncUdf;
import dev.tideway.Behavior;
import dev.tideway.CellUpdate;
import dev.tideway.Exprs;
import dev.tideway.Interval;
import dev.tideway.JoinKind;
import dev.tideway.JoinOn;
import dev.tideway.JoinResult;
import dev.tideway.Neighbors_;
import dev.tideway.Pipeline;
import dev.tideway.Reducers;
import dev.tideway.Table;
import dev.tideway.Window;
import dev.tideway.WindowedTable;
import dev.tideway.flink.fixtures.Basket;
import dev.tideway.flink.fixtures.BasketItem;
import dev.tideway.flink.fixtures.BasketItem_;
import dev.tideway.flink.fixtures.Basket_;
import dev.tideway.flink.fixtures.CityTotal_;
import dev.tideway.flink.fixtures.Item;
import dev.tideway.flink.fixtures.Item_;
import dev.tideway.flink.fixtures.Looked_;
import dev.tideway.flink.fixtures.Paired;
import dev.tideway.flink.fixtures.Paired_;
import dev.tideway.flink.fixtures.PriceUpdate_;
import dev.tideway.flink.fixtures.Quote_;
import dev.tideway.flink.fixtures.Reading;
import dev.tideway.flink.fixtures.Reading_;
import dev.tideway.flink.fixtures.SaleCity_;
import dev.tideway.flink.fixtures.Sale_;
import dev.tideway.flink.fixtures.ShopStats_;
import dev.tideway.flink.fixtures.ShopTotal;
import dev.tideway.flink.fixtures.ShopTotal_;
import dev.tideway.flink.fixtures.Shop_;
import dev.tideway.flink.fixtures.Stamp_;
import dev.tideway.flink.fixtures.Upsert_;
import dev.tideway.flink.fixtures.WindowStats;
import dev.tideway.flink.fixtures.WindowStats_;
import dev.tideway.io.csv.Csv;
import dev.tideway.io.csv.CsvReadOptions;
import dev.tideway.io.jsonlines.JsonLines;
import dev.tideway.io.file.FileReadOptions;
import dev.tideway.schema.RowSchema;
import dev.tideway.schema.ValueTypes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every operator of the table API, in one pipeline with a sink each, run by the embedded engine and
 * by Flink (MiniCluster, two TaskManagers, parallelism 2) on the same random files: each sink's
 * consolidated output is the same.
 */
@Tag("slow")
class EveryOperatorDifferentialTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkClusters.twoTaskManagers();

    @TempDir
    Path dir;

    /** The pipeline: every operator over the inputs in {@code in}, each written to {@code out/<operator>.jsonl}. */
    static void everyOperator(String in, String out) {
        Table<dev.tideway.flink.fixtures.Sale> sales = read(in, "sales", Sale_.SCHEMA);
        Table<dev.tideway.flink.fixtures.Shop> shops = read(in, "shops", Shop_.SCHEMA);
        Table<Item> items = read(in, "items", Item_.SCHEMA).withIdFrom(Item_.id);
        Table<Item> lowItems = read(in, "low-items", Item_.SCHEMA).withIdFrom(Item_.id);
        Table<Item> highItems = read(in, "high-items", Item_.SCHEMA).withIdFrom(Item_.id);
        Table<dev.tideway.flink.fixtures.PriceUpdate> prices = read(in, "prices", PriceUpdate_.SCHEMA).withIdFrom(PriceUpdate_.id);
        Table<Basket> baskets = JsonLines.read(Path.of(in, "baskets"), Basket_.SCHEMA, FileReadOptions.defaults().withStreaming(false));
        Table<Reading> readings = read(in, "readings", Reading_.SCHEMA);
        Table<dev.tideway.flink.fixtures.Quote> left = read(in, "left-quotes", Quote_.SCHEMA);
        Table<dev.tideway.flink.fixtures.Quote> right = read(in, "right-quotes", Quote_.SCHEMA);

        write(out, "select", sales.select(ShopTotal_.of(upper(Sale_.shop), times(Sale_.qty, toLong(Sale_.units)))));
        write(out, "filter", sales.filter(Sale_.qty.gt(1L)));
        write(out, "map", sales.map(ShopTotal_.SCHEMA, s -> new ShopTotal(s.shop() + s.item(), s.qty() * 2)));
        write(out, "group-by", sales.groupBy(Sale_.shop).reduce(ShopStats_.of(Sale_.shop, Reducers.count(), Reducers.sum(Sale_.qty),
                Reducers.sumInt(Sale_.units), Reducers.sumDouble(Sale_.price), Reducers.avg(Sale_.qty), Reducers.min(Sale_.item),
                Reducers.max(Sale_.item), Reducers.countDistinct(Sale_.item), Reducers.sortedTuple(Sale_.item),
                Reducers.argMax(Sale_.qty))));
        dev.tideway.Expr<String> upperItem = upper(Sale_.item);
        write(out, "group-by-computed-key", sales.filter(Sale_.units.ge(0)).groupBy(upperItem)
                .reduce(ShopTotal_.of(upperItem, Reducers.sum(Sale_.qty))));
        write(out, "flatten", baskets.flatten(Basket_.items, BasketItem_.SCHEMA, (basket, item) -> new BasketItem(basket.owner(), item)));
        write(out, "with-id-from", sales.withIdFrom(Sale_.shop, Sale_.item, Sale_.qty, Sale_.units));
        for (JoinKind kind : JoinKind.values()) {
            write(out, "join-" + kind.name().toLowerCase(), sales.join(shops, kind, JoinOn.of(Sale_.shop, Shop_.shop))
                    .select(SaleCity_.of(Exprs.coalesce(JoinResult.left(Sale_.item), Exprs.lit("-")), JoinResult.left(Sale_.qty),
                            Exprs.coalesce(JoinResult.right(Shop_.shop), Exprs.lit("-")),
                            Exprs.coalesce(JoinResult.right(Shop_.city), Exprs.lit("-")))));
        }
        write(out, "join-filter-group-by", sales.join(shops, JoinOn.of(Sale_.shop, Shop_.shop))
                .filter(JoinResult.left(Sale_.qty).gt(0L))
                .groupBy(JoinResult.right(Shop_.city)).reduce(CityTotal_.of(JoinResult.right(Shop_.city), Reducers.sum(JoinResult.left(Sale_.qty)))));
        write(out, "concat", lowItems.concat(read(in, "far-items", Item_.SCHEMA).withIdFrom(Item_.id)));
        write(out, "update-rows", lowItems.updateRows(highItems));
        write(out, "update-cells", items.updateCells(prices, CellUpdate.set(Item_.price, PriceUpdate_.price)));
        write(out, "restrict", items.restrict(prices));
        write(out, "intersect", items.intersect(prices));
        write(out, "difference", items.difference(prices));
        write(out, "deduplicate", sales.deduplicate(Sale_.qty, (next, last) -> next > last, Sale_.shop));
        write(out, "sort", items.sort(Item_.price, Item_.name));
        write(out, "sort-ix", items.sort(Item_.price).filter(Neighbors_.prev.isNotNull())
                .select(Looked_.of(items.ix(Neighbors_.key).get(Item_.name), items.ix(Neighbors_.prev).get(Item_.price),
                        items.ix(Neighbors_.next, true).get(Item_.price))));
        write(out, "ix-ref", prices.select(Looked_.of(Exprs.coalesce(items.ixRefOptional(PriceUpdate_.id).get(Item_.name), Exprs.lit("-")), PriceUpdate_.price,
                items.ixRefOptional(PriceUpdate_.id).get(Item_.price))));
        write(out, "select-non-deterministic", sales.select(ShopTotal_.of(Sale_.shop,
                Exprs.applyNonDeterministic(ValueTypes.LONG, Sale_.qty, q -> q * 10))));
        write(out, "window-tumbling", stats(readings.windowBy(Window.tumbling(4), Reading_.t, Reading_.sensor)));
        write(out, "window-sliding", stats(readings.windowBy(Window.sliding(2, 5), Reading_.t, Reading_.sensor)));
        write(out, "window-session", stats(readings.windowBy(Window.session(3), Reading_.t, Reading_.sensor)));
        write(out, "asof-join", left.asofJoin(right, Quote_.t, Quote_.t).on(JoinOn.of(Quote_.sym, Quote_.sym)).kind(JoinKind.LEFT)
                .select(paired()));
        write(out, "interval-join", left.intervalJoin(right, Quote_.t, Quote_.t, Interval.of(-1, 2)).on(JoinOn.of(Quote_.sym, Quote_.sym))
                .kind(JoinKind.OUTER).select(paired()));
        write(out, "window-join", left.windowJoin(right, Quote_.t, Quote_.t, Window.tumbling(3)).on(JoinOn.of(Quote_.sym, Quote_.sym))
                .kind(JoinKind.LEFT).select(paired()));
        write(out, "select-async", sales.select(ShopTotal_.of(Sale_.shop, AsyncUdf.apply("times-ten", ValueTypes.LONG, Sale_.qty,
                q -> CompletableFuture.supplyAsync(() -> q * 10), AsyncOptions.defaults()))));
        write(out, "intervals-over", stats(readings.windowBy(Window.intervalsOver(read(in, "probes", Stamp_.SCHEMA), Stamp_.t, -2, 3, false),
                Reading_.t, Reading_.sensor)));
        WindowedTable<Reading, Long> delayed = readings.withWatermark(Reading_.t, 2).windowBy(Window.tumbling(4), Reading_.t, Reading_.sensor)
                .withBehavior(Behavior.delay(1L).withCutoff(6L));
        write(out, "window-watermark-behavior", stats(delayed));
        write(out, "buffer", readings.buffer(Reading_.t, 3));
        write(out, "stream-to-table", read(in, "upserts", Upsert_.SCHEMA).streamToTable(Upsert_.upsert));
        write(out, "forget", readings.forget(Reading_.t, 4));
        write(out, "ignore-late", readings.ignoreLate(Reading_.t, 4));
    }

    static <T> Table<T> read(String in, String name, RowSchema<T> schema) {
        return Csv.read(Path.of(in, name), schema, CsvReadOptions.defaults().withStreaming(false));
    }

    static <T> void write(String out, String name, Table<T> table) {
        JsonLines.write(table, Path.of(out, name + ".jsonl"));
    }

    static Table<WindowStats> stats(WindowedTable<Reading, Long> windows) {
        return windows.reduce(WindowStats_.of(Reading_.sensor, windows.start(), windows.end(), Reducers.count(), Reducers.sum(Reading_.value),
                Reducers.max(Reading_.value)));
    }

    static dev.tideway.Projection<Paired> paired() {
        return Paired_.of(JoinResult.left(Quote_.t), JoinResult.left(Quote_.price), JoinResult.right(Quote_.t), JoinResult.right(Quote_.price));
    }

    // ---- random inputs, with small domains so that groups, join keys and instances collide ----

    static void writeInputs(Path in, long seed) throws IOException {
        Random r = new Random(seed);
        csvFiles(in.resolve("sales"), "shop,item,qty,units,price", 3, 12, () -> pick(r, "a", "b", "c") + "," + pick(r, "x", "y", "z", "w")
                + "," + r.nextInt(4) + "," + (r.nextInt(3) - 1) + "," + r.nextInt(5) * 0.5);
        csvFiles(in.resolve("shops"), "shop,city", 2, 3, () -> pick(r, "a", "b", "c", "d") + "," + pick(r, "Oslo", "Rome"));
        uniqueItems(in.resolve("items"), r, 0, 8, 6);
        uniqueItems(in.resolve("low-items"), r, 0, 4, 3);
        uniqueItems(in.resolve("high-items"), r, 2, 6, 3);
        uniqueItems(in.resolve("far-items"), r, 10, 5, 4);
        List<Integer> ids = shuffled(r, 0, 8);
        List<String> priceLines = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            priceLines.add(ids.get(i) + "," + (10 + r.nextInt(3)));
        }
        writeCsv(in.resolve("prices").resolve("p.csv"), "id,price", priceLines);
        Files.createDirectories(in.resolve("baskets"));
        for (int f = 0; f < 2; f++) {
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                List<String> bought = new ArrayList<>();
                for (int n = r.nextInt(4); n > 0; n--) {
                    bought.add("\"" + pick(r, "x", "y", "z") + "\"");
                }
                lines.add("{\"owner\":\"" + pick(r, "ann", "bob") + "\",\"items\":" + bought + "}");
            }
            Files.write(in.resolve("baskets").resolve("b" + f + ".jsonl"), lines);
        }
        csvFiles(in.resolve("readings"), "sensor,t,value", 2, 10, () -> pick(r, "a", "b") + "," + r.nextInt(16) + "," + r.nextInt(5));
        csvFiles(in.resolve("probes"), "a,t", 1, 4, () -> "0," + r.nextInt(16));
        List<String> upserts = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            upserts.add(i + "," + r.nextInt(5) + "," + (r.nextInt(4) > 0));
        }
        writeCsv(in.resolve("upserts").resolve("u.csv"), "id,value,upsert", upserts);
        csvFiles(in.resolve("left-quotes"), "sym,t,price", 2, 6, () -> pick(r, "x", "y") + "," + r.nextInt(12) + "," + r.nextInt(10));
        csvFiles(in.resolve("right-quotes"), "sym,t,price", 2, 6, () -> pick(r, "x", "y") + "," + r.nextInt(12) + "," + (10 + r.nextInt(10)));
    }

    private static void uniqueItems(Path folder, Random r, int firstId, int ids, int count) throws IOException {
        List<Integer> order = shuffled(r, firstId, ids);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            lines.add(order.get(i) + "," + pick(r, "pen", "ink", "pad") + "," + r.nextInt(3));
        }
        writeCsv(folder.resolve("i.csv"), "id,name,price", lines);
    }

    private static List<Integer> shuffled(Random r, int first, int count) {
        List<Integer> values = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            values.add(first + i);
        }
        java.util.Collections.shuffle(values, r);
        return values;
    }

    private static void csvFiles(Path folder, String header, int files, int rows, java.util.function.Supplier<String> line) throws IOException {
        for (int f = 0; f < files; f++) {
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < rows; i++) {
                lines.add(line.get());
            }
            writeCsv(folder.resolve("f" + f + ".csv"), header, lines);
        }
    }

    private static void writeCsv(Path file, String header, List<String> lines) throws IOException {
        Files.createDirectories(file.getParent());
        List<String> all = new ArrayList<>(List.of(header));
        all.addAll(lines);
        Files.write(file, all);
    }

    static String pick(Random r, String... values) {
        return values[r.nextInt(values.length)];
    }

    // ---- the test ----

    @Test
    void everySinkHoldsTheSameResultOnFlinkAsOnTheEmbeddedEngine() throws Exception {
        for (long seed = 0; seed < 2; seed++) {
            Path in = dir.resolve("in-" + seed);
            writeInputs(in, seed);
            String input = in.toString();
            String embedded = Files.createDirectories(dir.resolve("embedded-" + seed)).toString();
            String flink = Files.createDirectories(dir.resolve("flink-" + seed)).toString();
            try (Pipeline pipeline = Pipeline.create()) {
                everyOperator(input, embedded);
                pipeline.run();
            }
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(2);
            env.enableCheckpointing(100);
            FlinkRunner.execute(env, () -> everyOperator(input, flink), "every operator, seed " + seed);

            Map<String, Map<String, Integer>> expected = outputs(Path.of(embedded));
            assertThat(expected.keySet()).hasSize(36);
            assertThat(expected.values()).allSatisfy(rows -> assertThat(rows).isNotEmpty());
            Map<String, Map<String, Integer>> actual = outputs(Path.of(flink));
            assertThat(actual.keySet()).isEqualTo(expected.keySet());
            for (String operator : expected.keySet()) {
                assertThat(actual.get(operator)).as("seed %d, operator %s", seed, operator).isEqualTo(expected.get(operator));
            }
        }
    }

    private static Map<String, Map<String, Integer>> outputs(Path folder) throws IOException {
        Map<String, Map<String, Integer>> outputs = new TreeMap<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path output : files.toList()) {
                outputs.put(output.getFileName().toString(), ConsolidatedOutput.of(output));
            }
        }
        return outputs;
    }
}
