package dev.tideway.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tideway.Exprs;
import dev.tideway.JoinOn;
import dev.tideway.JoinResult;
import dev.tideway.Reducers;
import dev.tideway.Table;
import dev.tideway.internal.engine.fixtures.Item;
import dev.tideway.internal.engine.fixtures.Item_;
import dev.tideway.internal.engine.fixtures.Sale;
import dev.tideway.internal.engine.fixtures.Sale_;
import dev.tideway.internal.engine.fixtures.Shop;
import dev.tideway.internal.engine.fixtures.ShopTotal;
import dev.tideway.internal.engine.fixtures.ShopTotal_;
import dev.tideway.internal.engine.fixtures.Shop_;
import dev.tideway.internal.engine.fixtures.Stamped;
import dev.tideway.internal.engine.fixtures.Stamped_;
import dev.tideway.internal.engine.ops.KeyClashException;
import dev.tideway.testing.Captured;
import dev.tideway.testing.Change;
import dev.tideway.testing.PipelineTester;
import dev.tideway.testing.TestInput;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Focused behaviours of the engine: retractions, key clashes, validation, quiet groups and times. */
class EngineBehaviourTest {
    static Sale sale(String shop, String item, long qty) {
        return new Sale(shop, item, qty, 1, 1.0);
    }

    @Test
    void aDeletedInputRowIsRetractedThroughAChainOfOperators() {
        PipelineTester tester = new PipelineTester();
        TestInput<Sale> sales = tester.input(Sale_.SCHEMA);
        TestInput<Shop> shops = tester.input(Shop_.SCHEMA);
        Table<ShopTotal> totals = sales.table()
                .filter(Sale_.qty.gt(0L))
                .join(shops.table(), JoinOn.of(Sale_.shop, Shop_.shop))
                .select(Stamped_.of(JoinResult.right(Shop_.city), JoinResult.left(Sale_.qty)))
                .groupBy(Stamped_.shop)
                .reduce(ShopTotal_.of(Stamped_.shop, Reducers.sum(Stamped_.stamp)));
        Captured<ShopTotal> out = tester.capture(totals);
        shops.insert(new Shop("a", "Oslo"));
        sales.insert(sale("a", "x", 2), sale("a", "y", 3));
        long first = tester.step();
        assertThat(out.rows()).containsExactly(new ShopTotal("Oslo", 5));

        sales.delete(sale("a", "x", 2));
        long second = tester.step();
        assertThat(out.changesAt(second)).extracting(Change::row, Change::diff).containsExactly(
                org.assertj.core.groups.Tuple.tuple(new ShopTotal("Oslo", 5), -1),
                org.assertj.core.groups.Tuple.tuple(new ShopTotal("Oslo", 3), 1));

        sales.delete(sale("a", "y", 3));
        long third = tester.step();
        assertThat(out.rows()).isEmpty();
        assertThat(out.changesAt(third)).extracting(Change::row, Change::diff)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(new ShopTotal("Oslo", 3), -1));
        assertThat(first).isLessThan(second).isLessThan(third);
    }

    @Test
    void concatOfTablesSharingAKeyIsAKeyClash() {
        PipelineTester tester = new PipelineTester();
        TestInput<Item> a = tester.input(Item_.SCHEMA);
        TestInput<Item> b = tester.input(Item_.SCHEMA);
        tester.capture(a.table().concat(b.table()));
        a.insert(new Item(1, "pen", 1));
        b.insert(new Item(1, "ink", 2));
        assertThatThrownBy(tester::step).isInstanceOf(KeyClashException.class)
                .hasMessageContaining("concat").hasMessageContaining("pen").hasMessageContaining("ink");
    }

    @Test
    void updateRowsWithTwoLiveRowsOfOneKeyInOneInputIsAKeyClash() {
        PipelineTester tester = new PipelineTester();
        TestInput<Item> a = tester.input(Item_.SCHEMA);
        TestInput<Item> b = tester.input(Item_.SCHEMA);
        // a source holds one row per primary key; re-keyed by price, two live rows share a key
        tester.capture(a.table().updateRows(b.table().withIdFrom(Item_.price)));
        a.insert(new Item(1, "pen", 1));
        tester.step();
        b.insert(new Item(7, "ink", 2), new Item(8, "pad", 2));
        assertThatThrownBy(tester::step).isInstanceOf(KeyClashException.class)
                .hasMessageContaining("update-rows").hasMessageContaining("second input")
                .hasMessageContaining("ink").hasMessageContaining("pad");
    }

    @Test
    void groupByRejectsAFieldThatIsNeitherAGroupingExpressionNorAReducer() {
        PipelineTester tester = new PipelineTester();
        TestInput<Sale> sales = tester.input(Sale_.SCHEMA);
        assertThatThrownBy(() -> sales.table().groupBy(Sale_.shop).reduce(ShopTotal_.of(Sale_.item, Reducers.count())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("field shop of ShopTotal").hasMessageContaining("is item")
                .hasMessageContaining("neither a grouping expression");
    }

    @Test
    void aGroupWhoseResultDidNotChangeEmitsNothing() {
        PipelineTester tester = new PipelineTester();
        TestInput<Sale> sales = tester.input(Sale_.SCHEMA);
        Captured<ShopTotal> out = tester.capture(sales.table().groupBy(Sale_.shop)
                .reduce(ShopTotal_.of(Sale_.shop, Reducers.sum(Sale_.qty))));
        sales.insert(sale("a", "x", 2), sale("b", "x", 1));
        tester.step();
        sales.insert(sale("a", "y", 0));
        long quiet = tester.step();
        sales.delete(sale("b", "x", 1)).insert(sale("b", "z", 1));
        long replaced = tester.step();
        sales.insert(sale("a", "w", 1)).delete(sale("a", "w", 1));
        long cancelled = tester.step();
        assertThat(out.changesAt(quiet)).isEmpty();
        assertThat(out.changesAt(replaced)).isEmpty();
        assertThat(out.changesAt(cancelled)).isEmpty();
        assertThat(out.rows()).containsExactlyInAnyOrder(new ShopTotal("a", 2), new ShopTotal("b", 1));
    }

    @Test
    void outputTimesIncreaseWithEveryStep() {
        PipelineTester tester = new PipelineTester();
        TestInput<Sale> sales = tester.input(Sale_.SCHEMA);
        Captured<ShopTotal> out = tester.capture(sales.table().groupBy(Sale_.shop)
                .reduce(ShopTotal_.of(Sale_.shop, Reducers.count())));
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sales.insert(sale("a", "x" + i, i));
            times.add(tester.step());
        }
        assertThat(times).isSorted().doesNotHaveDuplicates();
        assertThat(out.changes()).extracting(Change::time).isSorted();
        for (long time : times) {
            assertThat(out.changesAt(time)).hasSize(time == times.get(0) ? 1 : 2);
        }
    }

    @Test
    void earliestAndLatestFollowTheArrivalOfTheRowsStillHeld() {
        PipelineTester tester = new PipelineTester();
        TestInput<Sale> sales = tester.input(Sale_.SCHEMA);
        Captured<Stamped> first = tester.capture(sales.table().groupBy(Sale_.shop)
                .reduce(Stamped_.of(Sale_.shop, Reducers.earliest(Sale_.qty))));
        Captured<Stamped> last = tester.capture(sales.table().groupBy(Sale_.shop)
                .reduce(Stamped_.of(Sale_.shop, Reducers.latest(Sale_.qty))));
        sales.insert(sale("a", "x", 1));
        tester.step();
        sales.insert(sale("a", "y", 2));
        tester.step();
        sales.insert(sale("a", "z", 1));
        tester.step();
        // the first row goes: the earliest is now y, even though z has x's value
        sales.delete(sale("a", "x", 1));
        tester.step();
        assertThat(first.rows()).containsExactly(new Stamped("a", 2));
        assertThat(last.rows()).containsExactly(new Stamped("a", 1));
        sales.delete(sale("a", "z", 1));
        tester.step();
        assertThat(last.rows()).containsExactly(new Stamped("a", 2));
    }

    @Test
    void aNonDeterministicMapRetractsWhatItProducedForRowsSharingAKey() {
        PipelineTester tester = new PipelineTester();
        TestInput<Sale> sales = tester.input(Sale_.SCHEMA);
        AtomicLong calls = new AtomicLong();
        Captured<Stamped> out = tester.capture(sales.table().withIdFrom(Sale_.shop).mapNonDeterministic(Stamped_.SCHEMA,
                sale -> new Stamped(sale.item(), calls.incrementAndGet())));
        sales.insert(sale("a", "x", 1));
        tester.step();
        // an update of key "a" written as insert-then-delete in one time
        sales.insert(sale("a", "y", 1)).delete(sale("a", "x", 1));
        tester.step();
        assertThat(out.rows()).containsExactly(new Stamped("y", 2));
        sales.delete(sale("a", "y", 1));
        tester.step();
        assertThat(out.rows()).isEmpty();
        assertThat(calls.get()).isEqualTo(2);
    }

    @Test
    void deletingAKeyedTestRowRetractsThatRow() {
        PipelineTester tester = new PipelineTester();
        TestInput<Item> items = tester.input(Item_.SCHEMA);
        Captured<Item> out = tester.capture(items.table());
        items.insert(new Item(1, "pen", 1));
        tester.step();
        items.insert(new Item(1, "ink", 1)).delete(new Item(1, "pen", 1));
        tester.step();
        assertThat(out.rows()).containsExactly(new Item(1, "ink", 1));
        items.delete(new Item(1, "ink", 1));
        tester.step(); // fails: the source retracts Item(1, "pen"), which the output no longer holds
        assertThat(out.rows()).isEmpty();
    }

    @Test
    void aNonDeterministicSelectAfterAJoinRetractsWhatItProduced() {
        PipelineTester tester = new PipelineTester();
        TestInput<Sale> sales = tester.input(Sale_.SCHEMA);
        TestInput<Shop> shops = tester.input(Shop_.SCHEMA);
        AtomicLong calls = new AtomicLong();
        Captured<Stamped> out = tester.capture(sales.table().join(shops.table(), JoinOn.of(Sale_.shop, Shop_.shop))
                .select(Stamped_.of(JoinResult.right(Shop_.city), Exprs.applyNonDeterministic(dev.tideway.schema.ValueTypes.LONG,
                        JoinResult.left(Sale_.qty), q -> calls.incrementAndGet()))));
        shops.insert(new Shop("a", "Oslo"));
        sales.insert(sale("a", "x", 1), sale("a", "x", 1));
        tester.step();
        shops.insert(new Shop("a", "Rome"));
        sales.delete(sale("a", "x", 1));
        tester.step();
        assertThat(out.rows()).containsExactlyInAnyOrder(new Stamped("Oslo", 1), new Stamped("Rome", 3));
        shops.delete(new Shop("a", "Oslo"));
        tester.step();
        assertThat(out.rows()).containsExactly(new Stamped("Rome", 3));
    }
}
