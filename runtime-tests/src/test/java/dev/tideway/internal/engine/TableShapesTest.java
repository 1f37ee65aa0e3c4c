package dev.tideway.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tideway.Exprs;
import dev.tideway.JoinKind;
import dev.tideway.JoinOn;
import dev.tideway.JoinResult;
import dev.tideway.Neighbors;
import dev.tideway.Neighbors_;
import dev.tideway.Projection;
import dev.tideway.Reducers;
import dev.tideway.Split;
import dev.tideway.Strings;
import dev.tideway.Table;
import dev.tideway.internal.engine.Scenario.Pipeline;
import dev.tideway.internal.engine.Scenario.Source;
import dev.tideway.internal.engine.fixtures.Cells;
import dev.tideway.internal.engine.fixtures.Cells_;
import dev.tideway.internal.engine.fixtures.Item;
import dev.tideway.internal.engine.fixtures.Item_;
import dev.tideway.internal.engine.fixtures.PriceUpdate;
import dev.tideway.internal.engine.fixtures.PriceUpdate_;
import dev.tideway.internal.engine.fixtures.Sale;
import dev.tideway.internal.engine.fixtures.Sale_;
import dev.tideway.internal.engine.fixtures.Shop;
import dev.tideway.internal.engine.fixtures.ShopTotal;
import dev.tideway.internal.engine.fixtures.ShopTotal_;
import dev.tideway.internal.engine.fixtures.Shop_;
import dev.tideway.schema.BinaryWriter;
import dev.tideway.testing.Captured;
import dev.tideway.testing.PipelineTester;
import dev.tideway.testing.TestInput;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table shapes and key lookups: split, concat and intersect of N tables, selects that keep columns
 * (Projection.with, byName), a join's pairs filtered and grouped directly, sort with its neighbours,
 * and ix/ixRef. Each incremental result equals the one computed from scratch after every step, and
 * the stateful ones continue the same after a snapshot and restore.
 */
class TableShapesTest {
    /** A pipeline a test built (and maybe failed) must not stay on the thread for the next test's run. */
    @org.junit.jupiter.api.AfterEach
    void detachThePipeline() {
        Graph.detachCurrent();
    }

    static LongStream seeds() {
        return LongStream.range(0, 25);
    }

    static final Source<Sale> SALES = OperatorDifferentialTest.SALES;
    static final Source<Shop> SHOPS = OperatorDifferentialTest.SHOPS;
    static final Source<Item> ITEMS = OperatorDifferentialTest.ITEMS;
    static final Source<PriceUpdate> PRICES = OperatorDifferentialTest.PRICES;

    static <O> void check(long seed, Pipeline<?, ?, O> pipeline, Source<?>... sources) {
        Scenario.random(seed, 10, sources).checkAgainstBatch(pipeline);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void splitGivesBothParts(long seed) {
        check(seed, (Pipeline<Sale, Void, Sale>) (sales, none) -> sales.split(Sale_.qty.gt(1L)).matching(), SALES);
        check(seed, (Pipeline<Sale, Void, Sale>) (sales, none) -> sales.split(Sale_.qty.gt(1L)).rest(), SALES);
    }

    @Test
    void splitPartsAreDisjointAndCoverTheTable() {
        PipelineTester tester = new PipelineTester();
        TestInput<Sale> sales = tester.input(Sale_.SCHEMA);
        Split<Sale> split = sales.table().split(Sale_.qty.gt(1L));
        Captured<Sale> big = tester.capture(split.matching());
        Captured<Sale> small = tester.capture(split.rest());
        Sale a = new Sale("a", "x", 2, 0, 0);
        Sale b = new Sale("b", "y", 1, 0, 0);
        sales.insert(a, b);
        tester.step();
        assertThat(big.rows()).containsExactly(a);
        assertThat(small.rows()).containsExactly(b);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void concatAllAndIntersectAll(long seed) {
        Source<Item> middle = Source.keyed(Item_.SCHEMA, r -> OperatorDifferentialTest.item(r, 10, 5), Item::id);
        check(seed, (Pipeline<Item, Item, Item>) (low, mid) -> Table.concatAll(List.of(low, mid,
                low.select(new Projection<>(Item_.SCHEMA, List.of(Exprs.plus(Item_.id, Exprs.lit(100L)), Item_.name, Item_.price)))
                        .withIdFrom(Item_.id))), ITEMS, middle);
        check(seed, (Pipeline<Item, PriceUpdate, Item>) (items, prices) -> Table.intersectAll(items, List.of(prices,
                prices.filter(PriceUpdate_.price.gt(10L)))), ITEMS, PRICES);
    }

    @Test
    void projectionWithReplacesOneFieldAndByNameCopiesTheOthers() {
        PipelineTester tester = new PipelineTester();
        TestInput<Item> items = tester.input(Item_.SCHEMA);
        Projection<Item> identity = new Projection<>(Item_.SCHEMA, List.of(Item_.id, Item_.name, Item_.price));
        Captured<Item> upper = tester.capture(items.table().select(identity.with(Item_.name, Strings.upper(Item_.name))));
        Captured<ShopTotal> renamed = tester.capture(items.table().select(Projection.byName(ShopTotal_.SCHEMA, Item_.SCHEMA)
                .with(ShopTotal_.shop, Item_.name).with(ShopTotal_.total, Item_.price)));
        items.insert(new Item(1, "pen", 3));
        tester.step();
        assertThat(upper.rows()).containsExactly(new Item(1, "PEN", 3));
        assertThat(renamed.rows()).containsExactly(new ShopTotal("pen", 3));

        assertThatThrownBy(() -> items.table().select(Projection.byName(ShopTotal_.SCHEMA, Item_.SCHEMA)))
                .hasMessageContaining("ShopTotal has fields with no expression: shop (Item has no such field); total (Item has no such field)")
                .hasMessageContaining(".with(column, expression)");
        assertThatThrownBy(() -> identity.with(Item_.price, Exprs.lit(1L)).with(null, Exprs.lit(1L))).isInstanceOf(NullPointerException.class);
    }

    @Test
    void byNameCopiesFieldsOfTheSameNameAndTypeAndNamesATypeMismatch() {
        PipelineTester tester = new PipelineTester();
        TestInput<Sale> sales = tester.input(Sale_.SCHEMA);
        // ShopTotal(shop string, total long): Sale has shop (string), and no total
        Captured<ShopTotal> totals = tester.capture(sales.table().select(Projection.byName(ShopTotal_.SCHEMA, Sale_.SCHEMA)
                .with(ShopTotal_.total, Sale_.qty)));
        sales.insert(new Sale("s", "i", 4, 1, 1.0));
        tester.step();
        assertThat(totals.rows()).containsExactly(new ShopTotal("s", 4));
        assertThatThrownBy(() -> Projection.byName(Item_.SCHEMA, Sale_.SCHEMA).fields())
                .hasMessageContaining("id (Sale has no such field)").hasMessageContaining("price (Sale.price is double, not long)");
    }

    // ---- a join's pairs, directly ----

    @ParameterizedTest
    @MethodSource("seeds")
    void joinPairsFilteredThenSelected(long seed) {
        for (JoinKind kind : JoinKind.values()) {
            check(seed, (Pipeline<Sale, Shop, Cells>) (sales, shops) -> sales.join(shops, kind, JoinOn.of(Sale_.shop, Shop_.shop))
                    .filter(Exprs.or(JoinResult.right(Shop_.city).eq("Oslo"), JoinResult.left(Sale_.qty).gt(1L)))
                    .select(Cells.nulls().with(Cells_.text, JoinResult.left(Sale_.item)).with(Cells_.text2, JoinResult.right(Shop_.city))
                            .with(Cells_.number, JoinResult.left(Sale_.qty))), SALES, SHOPS);
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void joinPairsGroupedAndReduced(long seed) {
        check(seed, (Pipeline<Sale, Shop, ShopTotal>) (sales, shops) -> sales.join(shops, JoinOn.of(Sale_.shop, Shop_.shop))
                .filter(JoinResult.left(Sale_.qty).ge(0L))
                .groupBy(JoinResult.right(Shop_.city))
                .reduce(ShopTotal_.of(JoinResult.right(Shop_.city), Reducers.sum(JoinResult.left(Sale_.qty)))), SALES, SHOPS);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void joinPairsGroupedSurviveSnapshotAndRestore(long seed) {
        SnapshotRestoreTest.check(seed, calls -> (Pipeline<Sale, Shop, ShopTotal>) (sales, shops) -> sales.join(shops,
                        JoinOn.of(Sale_.shop, Shop_.shop))
                .groupBy(JoinResult.right(Shop_.city))
                .reduce(ShopTotal_.of(JoinResult.right(Shop_.city), Reducers.count())), SALES, SHOPS);
    }

    /** A temporal join's pairs are a join's pairs: filtered and grouped directly too. */
    @ParameterizedTest
    @MethodSource("seeds")
    void asofJoinPairsFilteredAndGrouped(long seed) {
        check(seed, (Pipeline<dev.tideway.internal.engine.fixtures.Quote, dev.tideway.internal.engine.fixtures.Quote, ShopTotal>) (left, right) -> left
                .asofJoin(right, dev.tideway.internal.engine.fixtures.Quote_.t, dev.tideway.internal.engine.fixtures.Quote_.t)
                .on(JoinOn.of(dev.tideway.internal.engine.fixtures.Quote_.sym, dev.tideway.internal.engine.fixtures.Quote_.sym))
                .filter(JoinResult.right(dev.tideway.internal.engine.fixtures.Quote_.price).isNotNull())
                .groupBy(JoinResult.left(dev.tideway.internal.engine.fixtures.Quote_.sym))
                .reduce(ShopTotal_.of(JoinResult.left(dev.tideway.internal.engine.fixtures.Quote_.sym),
                        Reducers.sum(JoinResult.right(dev.tideway.internal.engine.fixtures.Quote_.price)))),
                EventTimeDifferentialTest.LEFT_QUOTES, EventTimeDifferentialTest.RIGHT_QUOTES);
    }

    // ---- sort and ix ----

    static long keyOf(Item item) {
        BinaryWriter out = new BinaryWriter();
        Item_.SCHEMA.writeKey(item, out);
        return KeyHasher.hash(out.buffer(), out.size());
    }

    /** The neighbours a sort by price (ties by key) must give the live items. */
    static List<Neighbors> sortedModel(List<Item> live) {
        List<Item> sorted = new ArrayList<>(live);
        sorted.sort(Comparator.comparingLong(Item::price).thenComparingLong(TableShapesTest::keyOf));
        List<Neighbors> expected = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            expected.add(new Neighbors(keyOf(sorted.get(i)), i == 0 ? null : keyOf(sorted.get(i - 1)),
                    i == sorted.size() - 1 ? null : keyOf(sorted.get(i + 1))));
        }
        return expected;
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void sortGivesEachRowItsNeighbours(long seed) {
        Scenario scenario = Scenario.random(seed, 10, ITEMS);
        Scenario.Run<Neighbors> run = scenario.checkAgainstBatch((Pipeline<Item, Void, Neighbors>) (items, none) -> items.sort(Item_.price));
        List<Item> live = scenario.liveAfter.get(scenario.steps.size() - 1).get(0).stream().map(Item.class::cast).toList();
        assertThat(run.out.rows()).containsExactlyInAnyOrderElementsOf(sortedModel(live));
        run.out.rowsByKey().forEach((key, rows) -> assertThat(rows).allSatisfy(n -> assertThat(n.key()).isEqualTo(key)));
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void sortPerInstance(long seed) {
        check(seed, (Pipeline<Item, Void, Neighbors>) (items, none) -> items.sort(Item_.price, Item_.name), ITEMS);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void sortThenIxReadsTheNeighboursRows(long seed) {
        check(seed, (Pipeline<Item, Void, Cells>) (items, none) -> items.sort(Item_.price)
                .filter(Neighbors_.prev.isNotNull())
                .select(Cells.nulls().with(Cells_.text, items.ix(Neighbors_.key).get(Item_.name)).with(Cells_.number, items.ix(Neighbors_.prev).get(Item_.price))
                        .with(Cells_.number2, items.ix(Neighbors_.next, true).get(Item_.price))), ITEMS);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void ixRefByPrimaryKeyFollowsChangesOfBothTables(long seed) {
        check(seed, (Pipeline<PriceUpdate, Item, Cells>) (prices, items) -> prices.select(Cells.nulls()
                .with(Cells_.number, PriceUpdate_.id).with(Cells_.number2, PriceUpdate_.price)
                .with(Cells_.text, items.ixRefOptional(PriceUpdate_.id).get(Item_.name))
                .with(Cells_.real, Exprs.toDouble(items.ixRefOptional(PriceUpdate_.id).get(Item_.price)))), PRICES, ITEMS);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void sortAndLookupsSurviveSnapshotAndRestore(long seed) {
        SnapshotRestoreTest.check(seed, calls -> (Pipeline<Item, Void, Cells>) (items, none) -> items.sort(Item_.price)
                .select(Cells.nulls().with(Cells_.text, items.ix(Neighbors_.key).get(Item_.name)).with(Cells_.number, items.ix(Neighbors_.prev, true).get(Item_.price))), ITEMS);
    }

    @Test
    void aMissingKeyIsAnErrorNamingItUnlessTheLookupIsOptional() {
        PipelineTester tester = new PipelineTester();
        TestInput<PriceUpdate> prices = tester.input(PriceUpdate_.SCHEMA);
        TestInput<Item> items = tester.input(Item_.SCHEMA);
        tester.capture(prices.table().select(Cells.nulls().with(Cells_.text, items.table().ixRef(PriceUpdate_.id).get(Item_.name))));
        items.insert(new Item(1, "pen", 3));
        prices.insert(new PriceUpdate(2, 10));
        assertThatThrownBy(tester::step).hasMessageContaining("ix: no row of Table<Item> has key")
                .hasMessageContaining("ixRef[id]").hasMessageContaining("make the lookup optional");

        assertThatThrownBy(() -> items.table().ixRef(Item_.name)).hasMessageContaining("keyed by the primary key [id long]");
        assertThatThrownBy(() -> prices.table().filter(items.table().ix(PriceUpdate_.id).get(Item_.name).eq("pen")))
                .hasMessageContaining("which only a select computes");
    }

    @Test
    void ixRefOfATableKeyedByWithIdFrom() {
        PipelineTester tester = new PipelineTester();
        TestInput<Shop> shops = tester.input(Shop_.SCHEMA);
        TestInput<Sale> sales = tester.input(Sale_.SCHEMA);
        Table<Shop> byName = shops.table().withIdFrom(Shop_.shop);
        Captured<Cells> out = tester.capture(sales.table().select(Cells.nulls().with(Cells_.text, Sale_.item)
                .with(Cells_.text2, byName.ixRef(Sale_.shop).get(Shop_.city))));
        shops.insert(new Shop("a", "Oslo"));
        sales.insert(new Sale("a", "pen", 1, 1, 1.0));
        tester.step();
        assertThat(out.rows()).extracting(Cells::text2).containsExactly("Oslo");
        shops.delete(new Shop("a", "Oslo"));
        shops.insert(new Shop("a", "Rome"));
        tester.step();
        assertThat(out.rows()).extracting(Cells::text2).containsExactly("Rome");
    }
}
