package dev.tideway.internal.engine.workers;

import static dev.tideway.Exprs.times;
import static dev.tideway.Exprs.toLong;
import static dev.tideway.Exprs.upper;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tideway.CellUpdate;
import dev.tideway.Exprs;
import dev.tideway.JoinKind;
import dev.tideway.JoinOn;
import dev.tideway.JoinResult;
import dev.tideway.Reducers;
import dev.tideway.Table;
import dev.tideway.internal.engine.RowEquality;
import dev.tideway.internal.engine.fixtures.Item;
import dev.tideway.internal.engine.fixtures.Item_;
import dev.tideway.internal.engine.fixtures.PriceUpdate;
import dev.tideway.internal.engine.fixtures.PriceUpdate_;
import dev.tideway.internal.engine.fixtures.Sale;
import dev.tideway.internal.engine.fixtures.SaleCity_;
import dev.tideway.internal.engine.fixtures.Sale_;
import dev.tideway.internal.engine.fixtures.Shop;
import dev.tideway.internal.engine.fixtures.ShopStats_;
import dev.tideway.internal.engine.fixtures.ShopSums_;
import dev.tideway.internal.engine.fixtures.ShopTotal;
import dev.tideway.internal.engine.fixtures.ShopTotal_;
import dev.tideway.internal.engine.fixtures.Shop_;
import dev.tideway.io.csv.Csv;
import dev.tideway.io.csv.CsvReadOptions;
import dev.tideway.schema.RowSchema;
import dev.tideway.spi.Connectors;
import dev.tideway.testing.Captured;
import dev.tideway.testing.Change;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every operator of the table API that runs on several workers (and a few that run on worker 0
 * after them), over random CSV inputs that change at every step (files rewritten, added and
 * deleted: retractions; small domains: groups, join keys and row keys clash), run on 1, 2 and 4
 * workers side by side: after every step, each sink's consolidated changes of that step, and the
 * rows it holds, are the same.
 */
class WorkersDifferentialTest {
    static final int STEPS = 8;

    @TempDir
    Path dir;

    static LongStream seeds() {
        return LongStream.range(0, 8);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void oneTwoAndFourWorkersAgreeAfterEveryStep(long seed) throws Exception {
        Random random = new Random(seed);
        Path in = dir.resolve("in");
        List<ComputedPipeline> runs = new ArrayList<>();
        try {
            for (int workers : new int[] {1, 2, 4}) {
                runs.add(ComputedPipeline.start(workers, outputs -> everyOperator(in, true, new Outputs() {
                    @Override
                    public <T> void write(String name, Table<T> table) {
                        capture(outputs, name, table);
                    }
                })));
            }
            for (int step = 1; step <= STEPS; step++) {
                changeInputs(in, random, step);
                for (ComputedPipeline run : runs) {
                    run.computation().compute(step, IntStream.range(0, run.graph().sources().size()).boxed().toList(), step);
                }
                ComputedPipeline one = runs.get(0);
                for (String output : one.outputs().keySet()) {
                    for (ComputedPipeline other : runs.subList(1, runs.size())) {
                        assertThat(consolidated(other.outputs().get(output), step))
                                .as("%s, seed %d, step %d: the changes on %d workers", output, seed, step, other.workers())
                                .isEqualTo(consolidated(one.outputs().get(output), step));
                        assertThat(live(other.outputs().get(output)))
                                .as("%s, seed %d, step %d: the rows held on %d workers", output, seed, step, other.workers())
                                .isEqualTo(live(one.outputs().get(output)));
                    }
                }
            }
            assertThat(runs.get(0).outputs().values().stream().mapToInt(c -> c.changes().size()).sum())
                    .as("the pipeline produced output to compare").isGreaterThan(100);
        } finally {
            for (ComputedPipeline run : runs) {
                run.computation().close();
            }
        }
    }

    /** Where {@link #everyOperator} writes each of its tables. */
    interface Outputs {
        <T> void write(String name, Table<T> table);
    }

    /** Every replicable operator over the CSV folders under {@code in}, read as streams or once; each result written to {@code out}. */
    static void everyOperator(Path in, boolean streaming, Outputs out) {
        Table<Sale> sales = read(in, "sales", Sale_.SCHEMA, streaming);
        Table<Shop> shops = read(in, "shops", Shop_.SCHEMA, streaming);
        Table<Item> items = read(in, "items", Item_.SCHEMA, streaming).withIdFrom(Item_.id);
        Table<Item> lowItems = read(in, "low-items", Item_.SCHEMA, streaming).withIdFrom(Item_.id);
        Table<Item> highItems = read(in, "high-items", Item_.SCHEMA, streaming).withIdFrom(Item_.id);
        Table<PriceUpdate> prices = read(in, "prices", PriceUpdate_.SCHEMA, streaming).withIdFrom(PriceUpdate_.id);

        out.write("select", sales.select(ShopTotal_.of(upper(Sale_.shop), times(Sale_.qty, toLong(Sale_.units)))));
        out.write("filter", sales.filter(Sale_.qty.gt(1L)));
        out.write("map", sales.map(ShopTotal_.SCHEMA, s -> new ShopTotal(s.shop() + s.item(), s.qty() * 2)));
        out.write("group-by", sales.groupBy(Sale_.shop).reduce(ShopStats_.of(Sale_.shop, Reducers.count(), Reducers.sum(Sale_.qty),
                Reducers.sumInt(Sale_.units), Reducers.sumDouble(Sale_.price), Reducers.avg(Sale_.qty), Reducers.min(Sale_.item),
                Reducers.max(Sale_.item), Reducers.countDistinct(Sale_.item), Reducers.sortedTuple(Sale_.item),
                Reducers.argMax(Sale_.qty, Sale_.item), Reducers.argMin(Sale_.qty, Sale_.item))));
        // every reducer merges: each worker combines its rows into one partial aggregate per group and time (units of -1, 0
        // and 1 sum to zero while the group still has rows; a group whose rows all leave disappears)
        out.write("group-by-combined", sales.groupBy(Sale_.shop).reduce(ShopSums_.of(Sale_.shop, Reducers.count(), Reducers.sum(Sale_.qty),
                Reducers.sumInt(Sale_.units), Reducers.sumDouble(Sale_.price), Reducers.avg(Sale_.qty))));
        out.write("group-by-combined-by-item", sales.groupBy(Sale_.item).reduce(ShopTotal_.of(Sale_.item, Reducers.sum(toLong(Sale_.units)))));
        // rows the combiner cannot fold go on as rows, and the group-by withholds them as one worker does: a grouping value
        // failing (shop c), a reducer's input failing (a quantity of 3)
        dev.tideway.Expr<String> shopOrFail = Exprs.apply(dev.tideway.schema.ValueTypes.STRING, Sale_.shop, shop -> {
            if (shop.equals("c")) {
                throw new IllegalArgumentException("no group for shop c");
            }
            return shop;
        });
        dev.tideway.Expr<Long> qtyOrFail = Exprs.apply(dev.tideway.schema.ValueTypes.LONG, Sale_.qty, qty -> {
            if (qty == 3) {
                throw new IllegalArgumentException("no quantity 3");
            }
            return qty;
        });
        out.write("group-by-combined-withholding", sales.groupBy(shopOrFail).reduce(ShopTotal_.of(shopOrFail, Reducers.sum(qtyOrFail))));
        dev.tideway.Expr<String> upperItem = upper(Sale_.item);
        out.write("group-by-computed-key", sales.filter(Sale_.units.ge(0)).groupBy(upperItem)
                .reduce(ShopTotal_.of(upperItem, Reducers.sum(Sale_.qty))));
        out.write("with-id-from", sales.withIdFrom(Sale_.shop, Sale_.item));
        for (JoinKind kind : JoinKind.values()) {
            out.write("join-" + kind.name().toLowerCase(), sales.join(shops, kind, JoinOn.of(Sale_.shop, Shop_.shop))
                    .select(SaleCity_.of(Exprs.coalesce(JoinResult.left(Sale_.item), Exprs.lit("-")), JoinResult.left(Sale_.qty),
                            Exprs.coalesce(JoinResult.right(Shop_.shop), Exprs.lit("-")),
                            Exprs.coalesce(JoinResult.right(Shop_.city), Exprs.lit("-")))));
        }
        out.write("join-filter-group-by", sales.join(shops, JoinOn.of(Sale_.shop, Shop_.shop))
                .filter(JoinResult.left(Sale_.qty).gt(0L))
                .groupBy(JoinResult.right(Shop_.city)).reduce(ShopTotal_.of(JoinResult.right(Shop_.city), Reducers.sum(JoinResult.left(Sale_.qty)))));
        out.write("concat-with-clashes", lowItems.concat(highItems));
        out.write("update-rows", lowItems.updateRows(highItems));
        out.write("update-cells", items.updateCells(prices, CellUpdate.set(Item_.price, PriceUpdate_.price)));
        out.write("restrict", items.restrict(prices));
        out.write("intersect", items.intersect(prices));
        out.write("difference", items.difference(prices));
        // the acceptor sees one instance's candidates of a step in arrival order: from one file, that order is one worker's
        out.write("deduplicate", read(in, "dedup", Sale_.SCHEMA, streaming).deduplicate(Sale_.qty, (next, last) -> next > last, Sale_.shop));
        out.write("sort", items.sort(Item_.price, Item_.name));
        out.write("select-non-deterministic", sales.select(ShopTotal_.of(Sale_.shop,
                Exprs.applyNonDeterministic(dev.tideway.schema.ValueTypes.LONG, Sale_.qty, q -> q * 10))));
    }

    static <T> Table<T> read(Path in, String name, RowSchema<T> schema, boolean streaming) {
        return Csv.read(in.resolve(name), schema, CsvReadOptions.defaults().withStreaming(streaming));
    }

    static <T> void capture(Map<String, Captured<?>> out, String name, Table<T> table) {
        Captured<T> captured = new Captured<>();
        Connectors.sink(table, captured);
        out.put(name, captured);
    }

    // ---- what is compared ----

    /** The changes of {@code time}, summed per (key, row): what a sink's consolidated batch holds, in a fixed order. */
    static List<String> consolidated(Captured<?> captured, long time) {
        Map<String, Integer> sums = new HashMap<>();
        for (Change<?> change : captured.changesAt(time)) {
            sums.merge(change.key() + " " + change.row(), change.diff(), Integer::sum);
        }
        List<String> changes = new ArrayList<>();
        sums.forEach((row, diff) -> {
            if (diff != 0) {
                changes.add(row + " " + diff);
            }
        });
        Collections.sort(changes);
        return changes;
    }

    static List<String> live(Captured<?> captured) {
        List<String> rows = new ArrayList<>();
        captured.rowsByKey().forEach((key, held) -> held.forEach(row -> rows.add(key + " " + row + " " + RowEquality.hash(row))));
        Collections.sort(rows);
        return rows;
    }

    // ---- random inputs that change at every step ----

    static void changeInputs(Path in, Random r, int step) throws IOException {
        for (int f = 0; f < 4; f++) {
            // a file is rewritten (its old rows retracted), deleted, or kept
            int what = step == 1 ? 0 : r.nextInt(3);
            Path file = in.resolve("sales").resolve("s" + f + ".csv");
            if (what == 0) {
                List<String> lines = new ArrayList<>();
                for (int i = r.nextInt(12); i > 0; i--) {
                    lines.add(pick(r, "a", "b", "c") + "," + pick(r, "x", "y", "z", "w") + "," + r.nextInt(4) + "," + (r.nextInt(3) - 1)
                            + "," + r.nextInt(5) * 0.5);
                }
                // a step's content of a file is new: the same bytes would be read as unchanged
                lines.add("s" + f + "-" + step + ",x,1,1,1.0");
                writeCsv(file, "shop,item,qty,units,price", lines);
            } else if (what == 1) {
                Files.deleteIfExists(file);
            }
        }
        for (int f = 0; f < 2; f++) {
            if (step == 1 || r.nextInt(3) == 0) {
                List<String> lines = new ArrayList<>();
                for (int i = r.nextInt(4); i > 0; i--) {
                    lines.add(pick(r, "a", "b", "c", "d") + "," + pick(r, "Oslo", "Rome"));
                }
                lines.add("h" + f + "-" + step + ",Oslo");
                writeCsv(in.resolve("shops").resolve("h" + f + ".csv"), "shop,city", lines);
            }
        }
        uniqueItems(in.resolve("items"), r, 0, 8, 6, step);
        uniqueItems(in.resolve("low-items"), r, 0, 4, 3, step);
        uniqueItems(in.resolve("high-items"), r, 2, 6, 3, step);
        List<String> priceLines = new ArrayList<>();
        for (int id : shuffled(r, 0, 8).subList(0, 5)) {
            priceLines.add(id + "," + (10 + r.nextInt(3)));
        }
        priceLines.add((100 + step) + ",1");
        writeCsv(in.resolve("prices").resolve("p.csv"), "id,price", priceLines);
        List<String> dedup = new ArrayList<>();
        for (int i = r.nextInt(6); i > 0; i--) {
            dedup.add(pick(r, "a", "b", "c") + ",x," + r.nextInt(9) + ",1,1.0");
        }
        dedup.add("d" + step + ",x,1,1,1.0");
        writeCsv(in.resolve("dedup").resolve("d.csv"), "shop,item,qty,units,price", dedup);
    }

    private static void uniqueItems(Path folder, Random r, int firstId, int ids, int count, int step) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int id : shuffled(r, firstId, ids).subList(0, count)) {
            lines.add(id + "," + pick(r, "pen", "cup", "map") + "," + r.nextInt(4));
        }
        lines.add((1000 + step) + ",new,0");
        writeCsv(folder.resolve("i.csv"), "id,name,price", lines);
    }

    private static List<Integer> shuffled(Random r, int first, int count) {
        List<Integer> ids = new ArrayList<>(IntStream.range(first, first + count).boxed().toList());
        Collections.shuffle(ids, r);
        return ids;
    }

    private static void writeCsv(Path file, String header, List<String> lines) throws IOException {
        Files.createDirectories(file.getParent());
        Path written = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(written, header + "\n" + String.join("\n", lines) + "\n");
        Files.move(written, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static String pick(Random r, String... values) {
        return values[r.nextInt(values.length)];
    }
}
