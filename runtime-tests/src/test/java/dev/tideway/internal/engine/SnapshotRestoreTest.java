package dev.tideway.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tideway.CellUpdate;
import dev.tideway.JoinKind;
import dev.tideway.JoinOn;
import dev.tideway.JoinResult;
import dev.tideway.Reducers;
import dev.tideway.internal.engine.Scenario.Pipeline;
import dev.tideway.internal.engine.Scenario.Source;
import dev.tideway.internal.engine.fixtures.Item;
import dev.tideway.internal.engine.fixtures.PriceUpdate;
import dev.tideway.internal.engine.fixtures.PriceUpdate_;
import dev.tideway.internal.engine.fixtures.Item_;
import dev.tideway.internal.engine.fixtures.Sale;
import dev.tideway.internal.engine.fixtures.SaleCity;
import dev.tideway.internal.engine.fixtures.SaleCity_;
import dev.tideway.internal.engine.fixtures.Sale_;
import dev.tideway.internal.engine.fixtures.Shop;
import dev.tideway.internal.engine.fixtures.ShopStats;
import dev.tideway.internal.engine.fixtures.ShopStats_;
import dev.tideway.internal.engine.fixtures.Shop_;
import dev.tideway.internal.engine.fixtures.Stamped;
import dev.tideway.internal.engine.fixtures.Stamped_;
import dev.tideway.schema.BinaryReader;
import dev.tideway.schema.BinaryWriter;
import dev.tideway.testing.Change;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Snapshot and restore of every stateful node: a pipeline run for some steps, snapshotted, and
 * restored into a fresh copy of itself continues exactly like the original.
 */
class SnapshotRestoreTest {
    static final int STEPS = 10;
    static final int SNAPSHOT_AFTER = 5;

    static LongStream seeds() {
        return LongStream.range(0, 15);
    }

    static final Source<Sale> SALES = OperatorDifferentialTest.SALES;
    static final Source<Shop> SHOPS = OperatorDifferentialTest.SHOPS;
    static final Source<Item> ITEMS = OperatorDifferentialTest.ITEMS;
    static final Source<Item> LOW_ITEMS = OperatorDifferentialTest.LOW_ITEMS;
    static final Source<Item> HIGH_ITEMS = OperatorDifferentialTest.HIGH_ITEMS;
    static final Source<PriceUpdate> PRICES = OperatorDifferentialTest.PRICES;

    @ParameterizedTest
    @MethodSource("seeds")
    void groupByWithEveryReducer(long seed) {
        check(seed, calls -> (Pipeline<Sale, Void, ShopStats>) (sales, none) -> sales.groupBy(Sale_.shop).reduce(ShopStats_.of(
                Sale_.shop, Reducers.count(), Reducers.sum(Sale_.qty), Reducers.sumInt(Sale_.units), Reducers.sumDouble(Sale_.price),
                Reducers.avg(Sale_.qty), Reducers.min(Sale_.item), Reducers.max(Sale_.item), Reducers.countDistinct(Sale_.item),
                Reducers.sortedTuple(Sale_.item), Reducers.earliest(Sale_.item), Reducers.latest(Sale_.item))), SALES);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void outerJoinWithANonDeterministicSelect(long seed) {
        check(seed, calls -> (Pipeline<Sale, Shop, SaleCity>) (sales, shops) -> sales.join(shops, JoinKind.OUTER,
                        JoinOn.of(Sale_.shop, Shop_.shop))
                .select(SaleCity_.of(JoinResult.left(Sale_.item),
                        dev.tideway.Exprs.applyNonDeterministic(dev.tideway.schema.ValueTypes.nullable(dev.tideway.schema.ValueTypes.LONG),
                                JoinResult.left(Sale_.qty), q -> calls.incrementAndGet()),
                        JoinResult.right(Shop_.shop), JoinResult.right(Shop_.city))), SALES, SHOPS);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void mapNonDeterministic(long seed) {
        check(seed, calls -> (Pipeline<Sale, Void, Stamped>) (sales, none) -> sales.mapNonDeterministic(Stamped_.SCHEMA,
                s -> new Stamped(s.shop(), calls.incrementAndGet())), SALES);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void keyedCombinations(long seed) {
        check(seed, calls -> (Pipeline<Item, Item, Item>) (low, high) -> low.updateRows(high)
                .concat(high.withIdFrom(Item_.name, Item_.id)), LOW_ITEMS, HIGH_ITEMS);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void updateCellsRestrictAndDifference(long seed) {
        check(seed, calls -> (Pipeline<Item, PriceUpdate, Item>) (items, prices) -> items
                .updateCells(prices, CellUpdate.set(Item_.price, PriceUpdate_.price))
                .restrict(items.difference(prices.filter(PriceUpdate_.price.gt(10L))))
                .intersect(items), ITEMS, PRICES);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void deduplicate(long seed) {
        check(seed, calls -> (Pipeline<Sale, Void, Sale>) (sales, none) ->
                sales.deduplicate(Sale_.qty, (next, last) -> next > last, Sale_.shop), SALES);
    }

    /**
     * Runs the scenario's first steps, snapshots every stateful node and source, restores them into a
     * fresh copy of the pipeline, and checks that both give the same changes for the remaining steps.
     */
    static <O> void check(long seed, Function<AtomicLong, Pipeline<?, ?, O>> pipeline, Source<?>... sources) {
        Scenario scenario = Scenario.random(seed, STEPS, sources);
        AtomicLong originalCalls = new AtomicLong();
        Scenario.Run<O> original = scenario.start(pipeline.apply(originalCalls));
        for (int step = 0; step < SNAPSHOT_AFTER; step++) {
            original.apply(scenario.steps.get(step));
        }
        Map<Integer, byte[]> state = snapshot(original.graph());
        assertThat(state.keySet()).as("stateful nodes").isNotEmpty();

        Scenario.Run<O> restored = scenario.start(pipeline.apply(new AtomicLong(originalCalls.get())));
        restore(restored.graph(), state);
        Changes held = new Changes();
        Scenario.entries(original.out).forEach(entry -> held.add(entry.getKey(), entry.getValue(), 1));
        restored.out.write(0, held.asBatch(), null);

        for (int step = SNAPSHOT_AFTER; step < STEPS; step++) {
            long before = original.out.changes().size();
            long restoredBefore = restored.out.changes().size();
            original.apply(scenario.steps.get(step));
            restored.apply(scenario.steps.get(step));
            assertThat(withoutTime(restored.out.changes().subList((int) restoredBefore, restored.out.changes().size())))
                    .as("changes of step %d: %s", step, scenario.steps.get(step))
                    .containsExactlyInAnyOrderElementsOf(withoutTime(original.out.changes().subList((int) before, original.out.changes().size())));
            assertThat(Scenario.entries(restored.out)).containsExactlyInAnyOrderElementsOf(Scenario.entries(original.out));
        }
    }

    static Map<Integer, byte[]> snapshot(Graph graph) {
        Map<Integer, byte[]> state = new HashMap<>();
        for (Node node : graph.nodes()) {
            BinaryWriter out = new BinaryWriter();
            if (node instanceof Stateful stateful) {
                stateful.snapshot(out);
            } else if (node instanceof SourceNode<?> source) {
                source.snapshot(out);
            } else {
                continue;
            }
            state.put(node.index(), out.toByteArray());
        }
        return state;
    }

    static void restore(Graph graph, Map<Integer, byte[]> state) {
        for (Node node : graph.nodes()) {
            byte[] bytes = state.get(node.index());
            if (bytes == null) {
                continue;
            }
            BinaryReader in = new BinaryReader(bytes);
            if (node instanceof Stateful stateful) {
                stateful.restore(in);
            } else {
                ((SourceNode<?>) node).restore(in);
            }
            in.requireEnd();
        }
    }

    static List<List<Object>> withoutTime(List<? extends Change<?>> changes) {
        return changes.stream().map(c -> List.<Object>of(c.key(), c.row(), c.diff())).toList();
    }
}
