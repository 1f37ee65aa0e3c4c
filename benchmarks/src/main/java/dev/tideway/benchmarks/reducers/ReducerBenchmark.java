package dev.tideway.benchmarks.reducers;

import dev.tideway.Aggregator;
import dev.tideway.RetractingAggregator;
import dev.tideway.Reducers;
import dev.tideway.StateCodec;
import dev.tideway.Table;
import dev.tideway.benchmarks.engine.BatchInput;
import dev.tideway.internal.engine.Graph;
import dev.tideway.internal.engine.SourceNode;
import dev.tideway.spi.Connectors;
import dev.tideway.schema.ValueTypes;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One reducer of {@code groupBy(shop).reduce(shop, reducer)} under updates: each invocation is one
 * logical time in which a batch of 10,000 purchases over 500 shops replaces the previous batch (as a
 * rewritten file: 10,000 retractions and 10,000 insertions), so every reducer takes values out as
 * well as in, and every group emits a retraction and an insertion. Reported per replaced row.
 *
 * <p>The reducers: the built-in {@code count}, {@code sum} (long), {@code sumDecimal},
 * {@code avg}, {@code min}, {@code argMax(amount, customer)}, {@code latestBy(at, customer)},
 * {@code countDistinctApproximate} (add-only: each group's sketch is rebuilt from its values after
 * retractions), and two user-defined ones: a retracting median (a multiset state) and an add-only
 * distinct count (a set, recomputed after retractions).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ReducerBenchmark {
    static final int BATCH = 10_000;
    static final int SHOPS = 500;

    @Param({"count", "sum", "sumDecimal", "avg", "min", "argMax", "latestBy", "countDistinctApproximate", "medianUser", "distinctUserAddOnly"})
    public String reducer;

    private Graph graph;
    private long time;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        BatchInput<Purchase> purchases = new BatchInput<>(Purchase_.SCHEMA, "purchases", true);
        build(Connectors.source(purchases, "purchases"), reducer);
        graph = Graph.detachCurrent();
        for (SourceNode<?> source : graph.sources()) {
            source.keepRows(true);   // the replaced batch's rows are retracted
        }
        Random random = new Random(7);
        purchases.batches(batch(random), batch(random));
        step();
    }

    static List<Purchase> batch(Random random) {
        List<Purchase> rows = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            rows.add(new Purchase("shop-" + random.nextInt(SHOPS), "customer-" + random.nextInt(5000), random.nextInt(10),
                    random.nextInt(10_000) / 100.0, BigDecimal.valueOf(random.nextInt(100_000), 2),
                    Instant.ofEpochSecond(1_700_000_000L + random.nextInt(1_000_000))));
        }
        return rows;
    }

    static Table<?> build(Table<Purchase> purchases, String reducer) {
        var by = purchases.groupBy(Purchase_.shop);
        return switch (reducer) {
            case "count" -> by.reduce(ShopValues_OfLong_.of(Purchase_.shop, Reducers.count()));
            case "sum" -> by.reduce(ShopValues_OfLong_.of(Purchase_.shop, Reducers.sum(Purchase_.qty)));
            case "sumDecimal" -> by.reduce(ShopValues_OfDecimal_.of(Purchase_.shop, Reducers.sumDecimal(Purchase_.price)));
            case "avg" -> by.reduce(ShopValues_OfDouble_.of(Purchase_.shop, Reducers.avg(Purchase_.amount)));
            case "min" -> by.reduce(ShopValues_OfDouble_.of(Purchase_.shop, Reducers.min(Purchase_.amount)));
            case "argMax" -> by.reduce(ShopValues_OfText_.of(Purchase_.shop, Reducers.argMax(Purchase_.amount, Purchase_.customer)));
            case "latestBy" -> by.reduce(ShopValues_OfText_.of(Purchase_.shop, Reducers.latestBy(Purchase_.at, Purchase_.customer)));
            case "countDistinctApproximate" -> by.reduce(ShopValues_OfLong_.of(Purchase_.shop,
                    Reducers.countDistinctApproximate(Purchase_.customer)));
            case "medianUser" -> by.reduce(ShopValues_OfDouble_.of(Purchase_.shop,
                    Reducers.aggregate("median", ValueTypes.nullable(ValueTypes.DOUBLE), Purchase_.amount, new Median())));
            case "distinctUserAddOnly" -> by.reduce(ShopValues_OfLong_.of(Purchase_.shop,
                    Reducers.aggregate("distinct", ValueTypes.LONG, Purchase_.customer, new DistinctCount())));
            default -> throw new IllegalArgumentException("no reducer " + reducer);
        };
    }

    private void step() throws IOException {
        graph.beginTime(++time);
        for (SourceNode<?> source : graph.sources()) {
            source.poll(time);
        }
        graph.flush();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Graph replaceBatch() throws IOException {
        step();
        return graph;
    }

    /** A user-defined retracting median over a multiset, as the README's example. */
    static final class Median implements RetractingAggregator<Double, TreeMap<Double, Integer>, Double> {
        private static final StateCodec<TreeMap<Double, Integer>> CODEC = StateCodec.of((out, s) -> {
            out.writeLength(s.size());
            s.forEach((v, n) -> {
                out.writeDouble(v);
                out.writeLength(n);
            });
        }, in -> {
            TreeMap<Double, Integer> s = new TreeMap<>();
            for (int n = in.readLength(9); n > 0; n--) {
                s.put(in.readDouble(), in.readLength(0));
            }
            return s;
        });

        @Override public TreeMap<Double, Integer> create() { return new TreeMap<>(); }
        @Override public TreeMap<Double, Integer> add(TreeMap<Double, Integer> s, Double v) { s.merge(v, 1, Integer::sum); return s; }
        @Override public TreeMap<Double, Integer> retract(TreeMap<Double, Integer> s, Double v) {
            s.computeIfPresent(v, (k, n) -> n == 1 ? null : n - 1);
            return s;
        }
        @Override public Double result(TreeMap<Double, Integer> s) {
            int size = s.values().stream().mapToInt(Integer::intValue).sum();
            int seen = 0;
            for (var entry : s.entrySet()) {
                seen += entry.getValue();
                if (seen > size / 2) {
                    return entry.getKey();
                }
            }
            return null;
        }
        @Override public StateCodec<TreeMap<Double, Integer>> stateCodec() { return CODEC; }
    }

    /** A user-defined add-only distinct count: recomputed from the group's values after a retraction. */
    static final class DistinctCount implements Aggregator<String, java.util.Set<String>, Long> {
        @Override public java.util.Set<String> create() { return new java.util.HashSet<>(); }
        @Override public java.util.Set<String> add(java.util.Set<String> s, String v) { s.add(v); return s; }
        @Override public Long result(java.util.Set<String> s) { return (long) s.size(); }
    }
}
