package dev.tideway.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tideway.Aggregator;
import dev.tideway.AsyncOptions;
import dev.tideway.AsyncUdf;
import dev.tideway.ErrorLogEntry;
import dev.tideway.Exprs;
import dev.tideway.Neighbors;
import dev.tideway.Reducers;
import dev.tideway.RetractingAggregator;
import dev.tideway.StateCodec;
import dev.tideway.UserFunctionException;
import dev.tideway.internal.engine.fixtures.Cells;
import dev.tideway.internal.engine.fixtures.Cells_;
import dev.tideway.internal.engine.fixtures.Item;
import dev.tideway.internal.engine.fixtures.Item_;
import dev.tideway.internal.engine.fixtures.OneText;
import dev.tideway.internal.engine.fixtures.OneText_;
import dev.tideway.internal.engine.fixtures.PriceUpdate;
import dev.tideway.internal.engine.fixtures.PriceUpdate_;
import dev.tideway.internal.engine.fixtures.Sale;
import dev.tideway.internal.engine.fixtures.Sale_;
import dev.tideway.internal.engine.fixtures.ShopTotal;
import dev.tideway.internal.engine.fixtures.ShopTotal_;
import dev.tideway.internal.engine.ops.AggregatorFailureException;
import dev.tideway.schema.ValueTypes;
import dev.tideway.testing.Captured;
import dev.tideway.testing.PipelineTester;
import dev.tideway.testing.TestInput;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code withTerminateOnError(false)} in the operators of the expression library (async UDFs,
 * {@code ix} lookups, sort) and with user-defined reducers: a row that user code fails on is withheld
 * and reported to the error log, its retraction is dropped, and a reducer's own aggregator failure
 * still stops the run, since its retraction could not be recognised.
 */
class WithheldRowsTest {
    @AfterEach
    void detachThePipeline() {
        Graph.detachCurrent();
    }

    @Test
    void anAsyncCallThatFailsWithholdsTheRowAndItsRetractionIsDroppedWithoutACall() {
        PipelineTester tester = new PipelineTester().withTerminateOnError(false);
        TestInput<OneText> input = tester.input(OneText_.SCHEMA);
        AtomicInteger calls = new AtomicInteger();
        Captured<Cells> out = tester.capture(input.table().select(Cells.nulls().with(Cells_.text, OneText_.text)
                .with(Cells_.text2, AsyncUdf.apply("upper", ValueTypes.STRING, OneText_.text, text -> {
                    calls.incrementAndGet();
                    return text.equals("bad") ? CompletableFuture.failedFuture(new IllegalStateException("the service refused " + text))
                            : CompletableFuture.completedFuture(text.toUpperCase());
                }, AsyncOptions.defaults()))));
        Captured<ErrorLogEntry> errors = tester.capture(tester.errorLog());
        input.insert(new OneText("ok"), new OneText("bad"));
        tester.step();
        assertThat(out.rows()).extracting(Cells::text2).containsExactly("OK");
        assertThat(errors.rows()).singleElement().satisfies(error -> {
            assertThat(error.operator()).startsWith("select-async#");
            assertThat(error.row()).isEqualTo("OneText[text=bad]");
            assertThat(error.error()).contains("async UDF upper failed for argument bad", "the service refused bad");
        });
        assertThat(calls).hasValue(2);

        input.delete(new OneText("bad"));
        input.delete(new OneText("ok"));
        tester.step();
        assertThat(out.rows()).isEmpty();
        assertThat(calls).as("a retraction calls nothing, a withheld one neither").hasValue(2);
        assertThat(errors.changes()).as("a dropped retraction is no new error").hasSize(1);
    }

    @Test
    void aLookupOfAMissingKeyIsWithheldUntilTheKeyArrives() {
        PipelineTester tester = new PipelineTester().withTerminateOnError(false);
        TestInput<PriceUpdate> prices = tester.input(PriceUpdate_.SCHEMA);
        TestInput<Item> items = tester.input(Item_.SCHEMA);
        Captured<Cells> out = tester.capture(prices.table().select(Cells.nulls()
                .with(Cells_.text, items.table().ixRef(PriceUpdate_.id).get(Item_.name)).with(Cells_.number, PriceUpdate_.price)));
        Captured<ErrorLogEntry> errors = tester.capture(tester.errorLog());
        items.insert(new Item(1, "pen", 3));
        prices.insert(new PriceUpdate(1, 10), new PriceUpdate(2, 20));
        tester.step();
        assertThat(out.rows()).extracting(Cells::text, Cells::number).containsExactly(org.assertj.core.groups.Tuple.tuple("pen", 10L));
        assertThat(errors.rows()).singleElement().satisfies(error -> {
            assertThat(error.operator()).startsWith("select-lookup#");
            assertThat(error.row()).isEqualTo("PriceUpdate[id=2, price=20]");
            assertThat(error.error()).contains("no row of Table<Item> has key");
        });

        items.insert(new Item(2, "ink", 5));
        tester.step();
        assertThat(out.rows()).extracting(Cells::text).containsExactlyInAnyOrder("pen", "ink");

        prices.delete(new PriceUpdate(2, 20));
        tester.step();
        assertThat(out.rows()).extracting(Cells::text).containsExactly("pen");
        assertThat(errors.changes()).hasSize(1);
    }

    @Test
    void aRowWhoseSortKeyFailsTakesNoPlaceInTheOrder() {
        PipelineTester tester = new PipelineTester().withTerminateOnError(false);
        TestInput<Item> items = tester.input(Item_.SCHEMA);
        Captured<Neighbors> out = tester.capture(items.table().sort(Exprs.apply(ValueTypes.LONG, Item_.price, price -> {
            if (price < 0) {
                throw new IllegalArgumentException("a negative price: " + price);
            }
            return price;
        })));
        Captured<ErrorLogEntry> errors = tester.capture(tester.errorLog());
        items.insert(new Item(1, "pen", 3), new Item(2, "bad", -1), new Item(3, "ink", 5));
        tester.step();
        assertThat(out.rows()).hasSize(2);
        Neighbors first = out.rows().stream().filter(row -> row.prev() == null).findFirst().orElseThrow();
        Neighbors second = out.rows().stream().filter(row -> row.next() == null).findFirst().orElseThrow();
        assertThat(first.next()).as("pen and ink are neighbours, the bad row between them left out").isEqualTo(second.key());
        assertThat(second.prev()).isEqualTo(first.key());
        assertThat(errors.rows()).extracting(ErrorLogEntry::row).containsExactly("Item[id=2, name=bad, price=-1]");

        items.delete(new Item(2, "bad", -1));
        tester.step();
        assertThat(out.rows()).containsExactlyInAnyOrder(first, second);
        assertThat(errors.changes()).hasSize(1);
    }

    /** A sum that refuses negative values in its own code. */
    static final class PositiveSum implements RetractingAggregator<Long, long[], Long> {
        @Override public long[] create() { return new long[1]; }
        @Override public long[] add(long[] sum, Long value) {
            if (value < 0) {
                throw new IllegalArgumentException("a negative quantity: " + value);
            }
            sum[0] += value;
            return sum;
        }
        @Override public long[] retract(long[] sum, Long value) { sum[0] -= value; return sum; }
        @Override public Long result(long[] sum) { return sum[0]; }
        @Override public StateCodec<long[]> stateCodec() {
            return StateCodec.of((out, sum) -> out.writeLong(sum[0]), in -> new long[] {in.readLong()});
        }
    }

    /** As {@link PositiveSum}, add-only. */
    static final class AddOnlyPositiveSum implements Aggregator<Long, long[], Long> {
        @Override public long[] create() { return new long[1]; }
        @Override public long[] add(long[] sum, Long value) {
            if (value < 0) {
                throw new IllegalArgumentException("a negative quantity: " + value);
            }
            sum[0] += value;
            return sum;
        }
        @Override public Long result(long[] sum) { return sum[0]; }
    }

    /**
     * Its retraction would reach {@code retract} (which does not fail) or take out another row's equal
     * value: the aggregator's failure cannot be withheld, and stops the run naming the row.
     */
    @Test
    void anAggregatorThatFailsOnARowStopsTheRunEvenWhenRowsAreWithheld() {
        for (Aggregator<Long, long[], Long> aggregator : List.of(new PositiveSum(), new AddOnlyPositiveSum())) {
            PipelineTester tester = new PipelineTester().withTerminateOnError(false);
            TestInput<Sale> sales = tester.input(Sale_.SCHEMA);
            tester.capture(sales.table().groupBy(Sale_.shop).reduce(ShopTotal_.of(Sale_.shop,
                    Reducers.aggregate("positive-sum", ValueTypes.LONG, Sale_.qty, aggregator))));
            sales.insert(new Sale("a", "pen", 2, 1, 1.0), new Sale("a", "ink", -1, 1, 1.0));
            assertThatThrownBy(tester::step).as(aggregator.getClass().getSimpleName())
                    .isInstanceOf(UserFunctionException.class)
                    .hasCauseInstanceOf(AggregatorFailureException.class)
                    .hasMessageContaining("Sale[shop=a, item=ink, qty=-1")
                    .hasMessageContaining("a negative quantity: -1")
                    .hasMessageContaining("check the values in the reducer's input expression");
            Graph.detachCurrent();
        }
    }

    @Test
    void aReducersInputThatFailsIsWithheldWhenTheAggregatorWouldTakeTheOthers() {
        PipelineTester tester = new PipelineTester().withTerminateOnError(false);
        TestInput<Sale> sales = tester.input(Sale_.SCHEMA);
        Captured<ShopTotal> totals = tester.capture(sales.table().groupBy(Sale_.shop).reduce(ShopTotal_.of(Sale_.shop,
                Reducers.aggregate("positive-sum", ValueTypes.LONG, Exprs.apply(ValueTypes.LONG, Sale_.qty, qty -> {
                    if (qty < 0) {
                        throw new IllegalArgumentException("a negative quantity: " + qty);
                    }
                    return qty;
                }), new PositiveSum()))));
        Captured<ErrorLogEntry> errors = tester.capture(tester.errorLog());
        sales.insert(new Sale("a", "pen", 2, 1, 1.0), new Sale("a", "ink", -1, 1, 1.0), new Sale("a", "pad", 3, 1, 1.0));
        tester.step();
        assertThat(totals.rows()).containsExactly(new ShopTotal("a", 5));
        assertThat(errors.rows()).extracting(ErrorLogEntry::row).containsExactly("Sale[shop=a, item=ink, qty=-1, units=1, price=1.0]");

        sales.delete(new Sale("a", "ink", -1, 1, 1.0));
        tester.step();
        assertThat(totals.rows()).as("the withheld row's retraction is dropped, not subtracted").containsExactly(new ShopTotal("a", 5));
    }
}
