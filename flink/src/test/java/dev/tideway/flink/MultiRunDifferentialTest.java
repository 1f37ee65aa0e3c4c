package dev.tideway.flink;

import static dev.tideway.Exprs.times;
import static dev.tideway.Exprs.toLong;
import static dev.tideway.Exprs.upper;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tideway.AsyncOptions;
import dev.tideway.AsyncUdf;
import dev.tideway.CellUpdate;
import dev.tideway.Exprs;
import dev.tideway.JoinKind;
import dev.tideway.JoinOn;
import dev.tideway.JoinResult;
import dev.tideway.Neighbors_;
import dev.tideway.Pipeline;
import dev.tideway.Reducers;
import dev.tideway.Table;
import dev.tideway.flink.fixtures.Basket;
import dev.tideway.flink.fixtures.BasketItem;
import dev.tideway.flink.fixtures.BasketItem_;
import dev.tideway.flink.fixtures.Basket_;
import dev.tideway.flink.fixtures.CityTotal_;
import dev.tideway.flink.fixtures.Item;
import dev.tideway.flink.fixtures.Item_;
import dev.tideway.flink.fixtures.Looked_;
import dev.tideway.flink.fixtures.PriceUpdate;
import dev.tideway.flink.fixtures.PriceUpdate_;
import dev.tideway.flink.fixtures.Sale;
import dev.tideway.flink.fixtures.SaleCity_;
import dev.tideway.flink.fixtures.Sale_;
import dev.tideway.flink.fixtures.Shop;
import dev.tideway.flink.fixtures.ShopStats_;
import dev.tideway.flink.fixtures.ShopTotal;
import dev.tideway.flink.fixtures.ShopTotal_;
import dev.tideway.flink.fixtures.Shop_;
import dev.tideway.io.csv.Csv;
import dev.tideway.io.csv.CsvReadOptions;
import dev.tideway.io.file.FileReadOptions;
import dev.tideway.io.jsonlines.JsonLines;
import dev.tideway.schema.RowSchema;
import dev.tideway.schema.ValueTypes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The multi-run scenario on Flink, for every operator whose result is a function of its input as it
 * is (the event-time operators depend on arrival order, and are compared on one run in {@link
 * EveryOperatorDifferentialTest}): a streaming job reads input that changes in rounds (files added,
 * rewritten and deleted, so that every operator receives retractions); the job is stopped with a
 * savepoint, the input changed while it is down, and the job restored at another parallelism, as
 * Tideway's multi-run tests stop and restart a persisted pipeline. After every round each sink's
 * output files, consolidated, equal what the embedded engine computes from scratch on the input as
 * it is then.
 */
@Tag("slow")
class MultiRunDifferentialTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int ROUNDS = 6;

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkClusters.twoTaskManagers();

    @TempDir
    Path dir;

    /** The pipeline: each operator over the inputs in {@code in}, written to {@code out/<operator>.jsonl}. */
    static void operators(String in, String out, boolean streaming) {
        Table<Sale> sales = read(in, "sales", Sale_.SCHEMA, streaming);
        Table<Shop> shops = read(in, "shops", Shop_.SCHEMA, streaming);
        Table<Item> items = read(in, "items", Item_.SCHEMA, streaming).withIdFrom(Item_.id);
        Table<Item> lowItems = read(in, "low-items", Item_.SCHEMA, streaming).withIdFrom(Item_.id);
        Table<Item> highItems = read(in, "high-items", Item_.SCHEMA, streaming).withIdFrom(Item_.id);
        Table<PriceUpdate> prices = read(in, "prices", PriceUpdate_.SCHEMA, streaming).withIdFrom(PriceUpdate_.id);
        Table<Basket> baskets = JsonLines.read(Path.of(in, "baskets"), Basket_.SCHEMA, FileReadOptions.defaults().withStreaming(streaming)
                .withPollInterval(Duration.ofMillis(50)));
        // only ever grows, with distinct quantities: the highest sale per shop does not depend on arrival order
        Table<Sale> growingSales = read(in, "growing-sales", Sale_.SCHEMA, streaming);

        write(out, "select", sales.select(ShopTotal_.of(upper(Sale_.shop), times(Sale_.qty, toLong(Sale_.units)))));
        write(out, "filter", sales.filter(Sale_.qty.gt(1L)));
        write(out, "map", sales.map(ShopTotal_.SCHEMA, s -> new ShopTotal(s.shop() + s.item(), s.qty() * 2)));
        write(out, "group-by", sales.groupBy(Sale_.shop).reduce(ShopStats_.of(Sale_.shop, Reducers.count(), Reducers.sum(Sale_.qty),
                Reducers.sumInt(Sale_.units), Reducers.sumDouble(Sale_.price), Reducers.avg(Sale_.qty), Reducers.min(Sale_.item),
                Reducers.max(Sale_.item), Reducers.countDistinct(Sale_.item), Reducers.sortedTuple(Sale_.item),
                Reducers.argMax(Sale_.qty))));
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
        write(out, "concat", lowItems.concat(read(in, "far-items", Item_.SCHEMA, streaming).withIdFrom(Item_.id)));
        write(out, "update-rows", lowItems.updateRows(highItems));
        write(out, "update-cells", items.updateCells(prices, CellUpdate.set(Item_.price, PriceUpdate_.price)));
        write(out, "restrict", items.restrict(prices));
        write(out, "intersect", items.intersect(prices));
        write(out, "difference", items.difference(prices));
        write(out, "deduplicate", growingSales.deduplicate(Sale_.qty, (next, last) -> next > last, Sale_.shop));
        write(out, "sort", items.sort(Item_.price, Item_.name));
        write(out, "sort-ix", items.sort(Item_.price).filter(Neighbors_.prev.isNotNull())
                .select(Looked_.of(items.ix(Neighbors_.key).get(Item_.name), items.ix(Neighbors_.prev).get(Item_.price),
                        items.ix(Neighbors_.next, true).get(Item_.price))));
        write(out, "ix-ref", prices.select(Looked_.of(Exprs.coalesce(items.ixRefOptional(PriceUpdate_.id).get(Item_.name), Exprs.lit("-")),
                PriceUpdate_.price, items.ixRefOptional(PriceUpdate_.id).get(Item_.price))));
        write(out, "select-non-deterministic", sales.select(ShopTotal_.of(Sale_.shop,
                Exprs.applyNonDeterministic(ValueTypes.LONG, Sale_.qty, q -> q * 10))));
        write(out, "select-async", sales.select(ShopTotal_.of(Sale_.shop, AsyncUdf.apply("times-ten", ValueTypes.LONG, Sale_.qty,
                q -> CompletableFuture.supplyAsync(() -> q * 10), AsyncOptions.defaults()))));
    }

    private static <T> Table<T> read(String in, String name, RowSchema<T> schema, boolean streaming) {
        return Csv.read(Path.of(in, name), schema, CsvReadOptions.defaults().withStreaming(streaming).withPollInterval(Duration.ofMillis(50)));
    }

    private static <T> void write(String out, String name, Table<T> table) {
        JsonLines.write(table, Path.of(out, name + ".jsonl"));
    }

    // ---- the input, changed in rounds ----

    /**
     * Round {@code round}'s change to the input: a new file of sales, baskets and growing sales; the
     * item tables, prices and a shop file rewritten; from round 2 on, an earlier sales file deleted or
     * rewritten shorter, and a basket file deleted.
     */
    private void changeInput(Path in, int round, Random r) throws IOException {
        List<String> sales = new ArrayList<>();
        for (int i = 0; i < 4 + r.nextInt(6); i++) {
            sales.add(pick(r, "a", "b", "c") + "," + pick(r, "x", "y", "z", "w") + "," + r.nextInt(4) + "," + (r.nextInt(3) - 1)
                    + "," + r.nextInt(5) * 0.5);
        }
        writeCsv(in, "sales/s" + round + ".csv", "shop,item,qty,units,price", sales);
        if (round >= 2) {
            if (round % 2 == 0) {
                Files.delete(in.resolve("sales/s" + (round - 2) + ".csv"));
            } else {
                writeCsv(in, "sales/s" + (round - 2) + ".csv", "shop,item,qty,units,price", List.of("c,x,3,1,1.5"));
            }
            Files.deleteIfExists(in.resolve("baskets/b" + (round - 2) + ".jsonl"));
        }
        List<String> shops = new ArrayList<>();
        for (String shop : List.of("a", "b", "d")) {
            if (r.nextInt(4) > 0) {
                shops.add(shop + "," + pick(r, "Oslo", "Rome", "Lima"));
            }
        }
        writeCsv(in, "shops/p" + (round % 2) + ".csv", "shop,city", shops);
        items(in, "items/i.csv", r, 0, 8, 6);
        items(in, "low-items/i.csv", r, 0, 4, 3);
        items(in, "high-items/i.csv", r, 2, 6, 3);
        items(in, "far-items/i.csv", r, 10, 5, 2 + r.nextInt(3));
        List<Integer> ids = shuffled(r, 0, 8);
        List<String> prices = new ArrayList<>();
        for (int i = 0; i < 3 + r.nextInt(3); i++) {
            prices.add(ids.get(i) + "," + (10 + r.nextInt(3)));
        }
        writeCsv(in, "prices/p.csv", "id,price", prices);
        List<String> baskets = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            List<String> bought = new ArrayList<>();
            for (int n = r.nextInt(4); n > 0; n--) {
                bought.add("\"" + pick(r, "x", "y", "z") + "\"");
            }
            baskets.add("{\"owner\":\"" + pick(r, "ann", "bob") + "\",\"items\":" + bought + "}");
        }
        writeAtomically(in.resolve("baskets/b" + round + ".jsonl"), baskets);
        List<String> growing = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            growing.add(pick(r, "a", "b") + ",x," + (round * 10 + i) + ",1,1.0");
        }
        writeCsv(in, "growing-sales/g" + round + ".csv", "shop,item,qty,units,price", growing);
    }

    private void items(Path in, String file, Random r, int firstId, int ids, int count) throws IOException {
        List<Integer> order = shuffled(r, firstId, ids);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            lines.add(order.get(i) + "," + pick(r, "pen", "ink", "pad") + "," + r.nextInt(3));
        }
        writeCsv(in, file, "id,name,price", lines);
    }

    private static List<Integer> shuffled(Random r, int first, int count) {
        List<Integer> values = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            values.add(first + i);
        }
        Collections.shuffle(values, r);
        return values;
    }

    private void writeCsv(Path in, String file, String header, List<String> lines) throws IOException {
        List<String> all = new ArrayList<>(List.of(header));
        all.addAll(lines);
        writeAtomically(in.resolve(file), all);
    }

    /** Writes the file beside the input and moves it in, so that a poll never sees half of it. */
    private void writeAtomically(Path file, List<String> lines) throws IOException {
        Files.createDirectories(file.getParent());
        Path staged = Files.createTempFile(dir, "staged", ".tmp");
        Files.write(staged, lines);
        Files.move(staged, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static String pick(Random r, String... values) {
        return values[r.nextInt(values.length)];
    }

    // ---- the runs ----

    private JobClient start(String in, String out, int parallelism, String savepoint) throws Exception {
        Configuration config = new Configuration();
        if (savepoint != null) {
            config.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        env.setParallelism(parallelism);
        env.enableCheckpointing(100);
        FlinkRunner.translate(env, () -> operators(in, out, true));
        return env.executeAsync("every operator, streaming, parallelism " + parallelism);
    }

    /** What the embedded engine computes from scratch on the input as it is: each sink's consolidated output. */
    private Map<String, Map<String, Integer>> fromScratch(String in) throws Exception {
        Path out = Files.createTempDirectory(dir, "embedded");
        try (Pipeline pipeline = Pipeline.create()) {
            operators(in, out.toString(), false);
            pipeline.run();
        }
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.count()).as("every sink wrote its file").isEqualTo(23);
        }
        return outputs(out);
    }

    private void awaitSameOutputs(int round, String in, Path flinkOut) throws Exception {
        Map<String, Map<String, Integer>> expected = fromScratch(in);
        Await.until(WAIT, () -> outputs(flinkOut).equals(expected), () -> "round " + round + ": sinks that differ: "
                + differences(expected, outputs(flinkOut)));
    }

    @Test
    void everyRoundOfChangesAndEveryRestartFromASavepointGivesTheEmbeddedEnginesResult() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Path flinkOut = Files.createDirectories(dir.resolve("flink"));
        String input = in.toString();
        String output = flinkOut.toString();
        Random random = new Random(5);
        int[] parallelism = {2, 1, 2};
        int round = 0;
        String savepoint = null;
        for (int run = 0; run < parallelism.length; run++) {
            changeInput(in, round++, random); // changed while no job runs: the restored one reads what changed since its savepoint
            JobClient job = start(input, output, parallelism[run], savepoint);
            try {
                awaitSameOutputs(round - 1, input, flinkOut);
                for (int i = 1; i < ROUNDS / parallelism.length; i++) {
                    changeInput(in, round++, random);
                    awaitSameOutputs(round - 1, input, flinkOut);
                }
                savepoint = job.stopWithSavepoint(false, dir.resolve("savepoints").toUri().toString(), SavepointFormatType.CANONICAL).get();
                job = null;
            } finally {
                if (job != null) {
                    job.cancel().get();
                }
            }
        }
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(flinkOut)) {
            files.forEach(sink -> lines.addAll(ConsolidatedOutput.lines(sink)));
        }
        assertThat(lines).as("retractions went through the operators").anySatisfy(line -> assertThat(line).contains("\"diff\":-1"));
    }

    /**
     * Each sink's consolidated output, by file name; sinks whose output sums to nothing are left out
     * (Flink's FileSink makes a sink's directory with its first committed part).
     */
    private static Map<String, Map<String, Integer>> outputs(Path folder) {
        Map<String, Map<String, Integer>> outputs = new TreeMap<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path output : files.toList()) {
                Map<String, Integer> rows = ConsolidatedOutput.of(output);
                if (!rows.isEmpty()) {
                    outputs.put(output.getFileName().toString(), rows);
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return outputs;
    }

    private static Map<String, String> differences(Map<String, Map<String, Integer>> expected, Map<String, Map<String, Integer>> actual) {
        Map<String, String> differences = new TreeMap<>();
        expected.forEach((sink, rows) -> {
            if (!rows.equals(actual.get(sink))) {
                differences.put(sink, "expected " + rows + " but was " + actual.get(sink));
            }
        });
        return differences;
    }
}
