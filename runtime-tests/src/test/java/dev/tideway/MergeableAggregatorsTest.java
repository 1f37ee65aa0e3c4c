package dev.tideway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tideway.schema.ValueTypes;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The built-in reducers whose aggregators merge: the state of a group that took values one by one
 * gives the result of the same group's state before them, merged with the values added and
 * retracting those retracted (what a group-by on several workers does with a worker's partial
 * aggregate); and the reducers whose states do not merge do not claim to.
 */
class MergeableAggregatorsTest {
    @Test
    void mergingTheAddedValuesAndRetractingTheRetractedGivesWhatTakingThemOneByOneGives() {
        check(Reducers.count(), random -> null);
        check(Reducers.sum(Exprs.lit(0L)), random -> (long) random.nextInt(11) - 5);
        check(Reducers.sumInt(Exprs.lit(0)), random -> random.nextInt(3) == 0 ? null : random.nextInt(11) - 5);
        check(Reducers.sumDouble(Exprs.lit(0.0)), random -> (random.nextInt(9) - 4) * 0.5);
        check(Reducers.sumFloat(Exprs.lit(0f, ValueTypes.FLOAT)), random -> (random.nextInt(9) - 4) * 0.5f);
        check(Reducers.sumDecimal(Exprs.lit(BigDecimal.ZERO, ValueTypes.BIG_DECIMAL)),
                random -> BigDecimal.valueOf(random.nextInt(2001) - 1000, random.nextInt(3)));
        check(Reducers.sumDuration(Exprs.lit(Duration.ZERO, ValueTypes.DURATION)), random -> Duration.ofMillis(random.nextInt(5000)));
        check(Reducers.avg(Exprs.lit(0.0)), random -> random.nextInt(4) == 0 ? null : (random.nextInt(9) - 4) * 0.5);
    }

    @Test
    void reducersWhoseStatesCannotTakeAnotherStateOutDoNotMerge() {
        Expr<Long> qty = Exprs.lit(0L);
        for (Reducer<?> reducer : List.of(Reducers.min(qty), Reducers.max(qty), Reducers.countDistinct(qty), Reducers.tuple(qty),
                Reducers.sortedTuple(qty), Reducers.argMin(qty), Reducers.argMax(qty, qty), Reducers.earliest(qty), Reducers.latest(qty),
                Reducers.any(qty), Reducers.unique(qty), Reducers.countDistinctApproximate(qty))) {
            assertThat(reducer.aggregator()).as("%s", reducer).isNotInstanceOf(MergeableAggregator.class);
        }
    }

    @SuppressWarnings("unchecked")
    private static void check(Reducer<?> reducer, Function<Random, Object> values) {
        assertThat(reducer.aggregator()).as("%s", reducer).isInstanceOf(MergeableAggregator.class);
        MergeableAggregator<Object, Object, Object> aggregator = (MergeableAggregator<Object, Object, Object>) reducer.aggregator();
        for (int seed = 0; seed < 200; seed++) {
            Random random = new Random(seed);
            // the group before the time: taken one by one on both sides
            List<Object> held = new ArrayList<>();
            Object oneByOne = aggregator.create();
            Object merged = aggregator.create();
            for (int i = random.nextInt(6); i > 0; i--) {
                Object value = values.apply(random);
                held.add(value);
                oneByOne = aggregator.add(oneByOne, value);
                merged = aggregator.add(merged, value);
            }
            // the time's changes: one by one, or folded into what they added and what they retracted
            Object added = aggregator.create();
            Object retracted = aggregator.create();
            List<String> changes = new ArrayList<>();
            for (int i = random.nextInt(10); i > 0; i--) {
                if (!held.isEmpty() && random.nextInt(5) < 2) {
                    Object value = held.remove(random.nextInt(held.size()));
                    changes.add("-" + value);
                    oneByOne = aggregator.retract(oneByOne, value);
                    retracted = aggregator.add(retracted, value);
                } else {
                    Object value = values.apply(random);
                    changes.add("+" + value);
                    held.add(value);
                    oneByOne = aggregator.add(oneByOne, value);
                    added = aggregator.add(added, value);
                }
            }
            merged = aggregator.retractAll(aggregator.merge(merged, added), retracted);
            assertThat(aggregator.result(merged)).as("%s, seed %d, changes %s", reducer, seed, changes)
                    .isEqualTo(aggregator.result(oneByOne));
        }
    }
}
