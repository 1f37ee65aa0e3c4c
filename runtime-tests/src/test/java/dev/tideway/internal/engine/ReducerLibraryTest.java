package dev.tideway.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tideway.Aggregator;
import dev.tideway.Reducers;
import dev.tideway.internal.engine.Scenario.Pipeline;
import dev.tideway.internal.engine.Scenario.Source;
import dev.tideway.internal.engine.fixtures.OneNumber;
import dev.tideway.internal.engine.fixtures.OneNumber_;
import dev.tideway.internal.engine.fixtures.OneText_;
import dev.tideway.internal.engine.fixtures.Txn;
import dev.tideway.internal.engine.fixtures.TxnStats;
import dev.tideway.internal.engine.fixtures.TxnStats_;
import dev.tideway.internal.engine.fixtures.Txn_;
import dev.tideway.schema.ValueTypes;
import dev.tideway.testing.Captured;
import dev.tideway.testing.PipelineTester;
import dev.tideway.testing.TestInput;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The reducer library under random insertions and retractions: after every step the incremental
 * result equals the result computed from scratch (keys included) and the value a plain Java model
 * computes from the live rows; a snapshot restored into a fresh pipeline continues the same.
 */
class ReducerLibraryTest {
    /** A pipeline a test built (and maybe failed) must not stay on the thread for the next test's run. */
    @org.junit.jupiter.api.AfterEach
    void detachThePipeline() {
        Graph.detachCurrent();
    }

    static LongStream seeds() {
        return LongStream.range(0, 30);
    }

    static Txn txn(Random r) {
        return new Txn(OperatorDifferentialTest.pick(r, "a", "b"), OperatorDifferentialTest.pick(r, "x", "y", "z", "w"),
                r.nextInt(5), r.nextInt(7) * 0.5, BigDecimal.valueOf(r.nextInt(400), 2), Instant.ofEpochSecond(r.nextInt(6)));
    }

    static final Source<Txn> TXNS = Source.of(Txn_.SCHEMA, ReducerLibraryTest::txn);

    /** An add-only aggregator: the distinct quantities, recomputed from the group's values on a retraction. */
    static final Aggregator<Long, Set<Long>, Long> DISTINCT = new Aggregator<>() {
        @Override public Set<Long> create() { return new HashSet<>(); }
        @Override public Set<Long> add(Set<Long> state, Long value) { state.add(value); return state; }
        @Override public Long result(Set<Long> state) { return (long) state.size(); }
    };

    static Pipeline<Txn, Void, TxnStats> everyReducer() {
        return (txns, none) -> txns.groupBy(Txn_.account).reduce(TxnStats_.of(Txn_.account, Reducers.count(),
                Reducers.sumDecimal(Txn_.price), Reducers.argMin(Txn_.price), Reducers.argMax(Txn_.price, Txn_.memo),
                Reducers.latestBy(Txn_.at, Txn_.memo), Reducers.earliestBy(Txn_.at, Txn_.memo), Reducers.any(Txn_.memo),
                Reducers.unique(Txn_.account), Reducers.tuple(Txn_.memo), Reducers.sortedTuple(Txn_.qty),
                Reducers.countDistinctApproximate(Txn_.memo), Reducers.aggregate("median", ValueTypes.nullable(ValueTypes.DOUBLE),
                        Txn_.amount, new Median()), Reducers.aggregate("distinct-qty", ValueTypes.LONG, Txn_.qty, DISTINCT)));
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void incrementalEqualsFromScratchAndTheModel(long seed) {
        Scenario scenario = Scenario.random(seed, 12, TXNS);
        Scenario.Run<TxnStats> run = scenario.checkAgainstBatch(everyReducer());
        // the batch comparison holds whatever the reducers compute; the model says what they must compute
        Scenario check = Scenario.random(seed, 12, TXNS);
        Scenario.Run<TxnStats> again = check.start(everyReducer());
        for (int step = 0; step < check.steps.size(); step++) {
            again.apply(check.steps.get(step));
            List<Txn> live = check.liveAfter.get(step).get(0).stream().map(Txn.class::cast).toList();
            assertThat(withoutKeys(again.out)).as("step %d", step).containsExactlyInAnyOrderElementsOf(model(live, again));
        }
        assertThat(run.out.rows()).hasSameElementsAs(again.out.rows());
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void snapshotAndRestoreContinueTheSame(long seed) {
        SnapshotRestoreTest.check(seed, calls -> everyReducer(), TXNS);
    }

    /** What each reducer must give for an account's live rows, computed from the rows directly. */
    static List<TxnStats> model(List<Txn> live, Scenario.Run<TxnStats> run) {
        Map<String, List<Txn>> byAccount = live.stream().collect(Collectors.groupingBy(Txn::account));
        java.util.function.Function<Txn, Long> keys = ReducerLibraryTest::keyOf;
        List<TxnStats> expected = new ArrayList<>();
        byAccount.forEach((account, rows) -> {
            Comparator<Txn> byKey = Comparator.comparingLong(keys::apply);
            Txn cheapest = rows.stream().min(Comparator.comparing(Txn::price).thenComparing(byKey)).orElseThrow();
            Txn priciest = rows.stream().max(Comparator.comparing(Txn::price).thenComparing(byKey.reversed())).orElseThrow();
            Txn last = rows.stream().max(Comparator.comparing(Txn::at).thenComparing(byKey.reversed())).orElseThrow();
            Txn first = rows.stream().min(Comparator.comparing(Txn::at).thenComparing(byKey)).orElseThrow();
            List<Txn> byRow = rows.stream().sorted(byKey).toList();
            List<Double> amounts = rows.stream().map(Txn::amount).sorted().toList();
            int n = amounts.size();
            double median = n % 2 == 1 ? amounts.get(n / 2) : (amounts.get(n / 2 - 1) + amounts.get(n / 2)) / 2;
            expected.add(new TxnStats(account, rows.size(), rows.stream().map(Txn::price).reduce(BigDecimal.ZERO, BigDecimal::add),
                    keys.apply(cheapest), priciest.memo(), last.memo(), first.memo(), byRow.get(0).memo(), account,
                    byRow.stream().map(Txn::memo).toList(), rows.stream().map(Txn::qty).sorted().toList(),
                    rows.stream().map(Txn::memo).distinct().count(), median, rows.stream().map(Txn::qty).distinct().count()));
        });
        return expected;
    }

    /** The key a test input gives a row of a schema without a primary key: the hash of its encoding. */
    static long keyOf(Txn txn) {
        dev.tideway.schema.BinaryWriter out = new dev.tideway.schema.BinaryWriter();
        Txn_.SCHEMA.encode(txn, out);
        return KeyHasher.hash(out.buffer(), out.size());
    }

    static List<TxnStats> withoutKeys(Captured<TxnStats> out) {
        return out.rows();
    }

    @Test
    void uniqueStopsTheRunNamingTheDifferentValues() {
        PipelineTester tester = new PipelineTester();
        TestInput<Txn> txns = tester.input(Txn_.SCHEMA);
        tester.capture(txns.table().groupBy(Txn_.account).reduce(new dev.tideway.Projection<>(OneText_.SCHEMA,
                List.of(Reducers.unique(Txn_.memo)))));
        txns.insert(new Txn("a", "x", 1, 1, BigDecimal.ONE, Instant.EPOCH), new Txn("a", "y", 1, 1, BigDecimal.ONE, Instant.EPOCH));
        assertThatThrownBy(tester::step).hasMessageContaining("unique(memo)").hasMessageContaining("x and y");
    }

    @Test
    void approximateDistinctCountIsCloseOnManyValuesAndExactAfterRetractions() {
        PipelineTester tester = new PipelineTester();
        TestInput<Txn> txns = tester.input(Txn_.SCHEMA);
        Captured<OneNumber> out = tester.capture(txns.table().groupBy(Txn_.account).reduce(new dev.tideway.Projection<>(OneNumber_.SCHEMA,
                List.of(Reducers.countDistinctApproximate(Txn_.memo)))));
        List<Txn> rows = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            rows.add(new Txn("a", "memo-" + (i % 10_000), i, 0, BigDecimal.ONE, Instant.EPOCH));
        }
        rows.forEach(txns::insert);
        tester.step();
        assertThat(out.rows()).singleElement().satisfies(row -> assertThat(row.number()).isBetween(9_500L, 10_500L));
        // retract all but three distinct memos: the sketch is rebuilt from the live values, so it is exact again
        rows.stream().filter(t -> t.qty() % 10_000 >= 3).forEach(txns::delete);
        tester.step();
        assertThat(out.rows()).containsExactly(new OneNumber(3L));
    }
}
