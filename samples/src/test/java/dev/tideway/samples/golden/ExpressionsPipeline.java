package dev.tideway.samples.golden;

import dev.tideway.Aggregator;
import dev.tideway.AsyncOptions;
import dev.tideway.AsyncUdf;
import dev.tideway.Decimals;
import dev.tideway.Exprs;
import dev.tideway.Neighbors_;
import dev.tideway.Reducers;
import dev.tideway.RetractingAggregator;
import dev.tideway.StateCodec;
import dev.tideway.Strings;
import dev.tideway.Table;
import dev.tideway.spi.Connectors;
import dev.tideway.io.csv.Csv;
import dev.tideway.io.csv.CsvReadOptions;
import dev.tideway.io.file.FileWriteOptions;
import dev.tideway.samples.golden.GoldenRows.Customer;
import dev.tideway.samples.golden.GoldenRows.Order;
import dev.tideway.samples.golden.GoldenRows.Reading;
import dev.tideway.schema.RowSchema;
import dev.tideway.schema.ValueTypes;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * The pipeline of the golden fixture {@code v1-expressions}: the operators and expressions of the
 * expression library and of the queue connectors' SPI, each writing an output with a persistent id —
 * a group-by with the reducers {@link GoldenPipeline}'s lacks (argMin, argMax, any, unique, tuple,
 * countDistinctApproximate, an exact decimal sum, latestBy, earliestBy, a user-defined
 * {@link RetractingAggregator} whose state is persisted by its codec, and an add-only
 * {@link Aggregator}), a sort with an {@code ix} select over it, an {@code ixRef} select, an async
 * UDF's select, a select of library functions, and a transactional sink ({@link FileTopic}), whose
 * prepared transaction the state holds. Frozen with the fixture.
 *
 * <p>The async UDF's value carries {@code callBase} (0 when the fixture was written, 1000 when it
 * is continued): a retraction carrying {@code #0} proves that the select's remembered results were
 * restored, not computed again. The user functions carry a version, so that their identity does not
 * depend on the bytecode a compiler makes of them; the user aggregators are identified by their
 * classes' code (a reducer has no version: a javac that compiles {@link Median} otherwise rebuilds
 * the group-by, and the test then fails on a rewritten output).
 */
final class ExpressionsPipeline {
    /** Every CSV output: its persistent id is its file's name without {@code .csv}. */
    static final List<String> OUTPUTS = List.of("order-stats", "sensor-stats", "order-neighbors", "order-customers",
            "customer-greetings", "customer-labels");
    /** The transactional sink's file, under {@code out/}. */
    static final String TOPIC = "customer-counts.topic";

    private final Path inputs;
    private final Path outputs;
    private final long callBase;

    ExpressionsPipeline(Path base, long callBase) {
        this.inputs = base.resolve("in");
        this.outputs = base.resolve("out");
        this.callBase = callBase;
    }

    private <T> Table<T> read(String id, RowSchema<T> schema) {
        return Csv.read(inputs.resolve(id), schema, CsvReadOptions.defaults().withStreaming(false).withPersistentId(id));
    }

    private <T> void write(Table<T> table, String id) {
        Csv.write(table, outputs.resolve(id + ".csv"), FileWriteOptions.defaults().withPersistentId(id));
    }

    void build() {
        Table<Order> orders = read("orders", GoldenRows_Order_.SCHEMA);
        Table<Customer> customers = read("customers", GoldenRows_Customer_.SCHEMA);
        Table<Reading> readings = read("readings", GoldenRows_Reading_.SCHEMA);

        // the reducers of the expression library, built in and user-defined
        write(orders.groupBy(GoldenRows_Order_.customer).reduce(GoldenRows_OrderStats_.of(GoldenRows_Order_.customer,
                Reducers.argMin(GoldenRows_Order_.cents), Reducers.argMax(GoldenRows_Order_.cents, GoldenRows_Order_.sku),
                Reducers.any(GoldenRows_Order_.sku), Reducers.unique(GoldenRows_Order_.customer), Reducers.tuple(GoldenRows_Order_.sku),
                Reducers.countDistinctApproximate(GoldenRows_Order_.sku),
                Reducers.sumDecimal(Decimals.divide(Decimals.toDecimal(GoldenRows_Order_.cents), Decimals.lit("100"), 2, RoundingMode.HALF_UP)),
                Reducers.aggregate("median", ValueTypes.nullable(ValueTypes.DOUBLE), GoldenRows_Order_.weight, new Median()),
                Reducers.aggregate("longest", ValueTypes.nullable(ValueTypes.STRING), GoldenRows_Order_.sku, new Longest()))),
                "order-stats");
        write(readings.groupBy(GoldenRows_Reading_.sensor).reduce(GoldenRows_SensorStats_.of(GoldenRows_Reading_.sensor,
                Reducers.latestBy(GoldenRows_Reading_.t, GoldenRows_Reading_.id),
                Reducers.earliestBy(GoldenRows_Reading_.t, GoldenRows_Reading_.id), Reducers.argMax(GoldenRows_Reading_.value))),
                "sensor-stats");

        // sort, and ix over it: each order with the one before it (by cents, per customer)
        write(orders.sort(GoldenRows_Order_.cents, GoldenRows_Order_.customer).select(GoldenRows_OrderNeighbor_.of(
                orders.ix(Neighbors_.key).get(GoldenRows_Order_.id),
                Exprs.coalesce(orders.ix(Neighbors_.prev, true).get(GoldenRows_Order_.id), Exprs.lit("-")))), "order-neighbors");
        // ixRef: each order's customer's name, by the customer's primary key
        write(orders.select(GoldenRows_Tag_.of(GoldenRows_Order_.id, Exprs.coalesce(
                customers.ixRefOptional(GoldenRows_Order_.customer).get(GoldenRows_Customer_.name), Exprs.lit("-")))), "order-customers");

        // an async UDF: its results are the select's state
        long base = callBase;
        write(customers.select(GoldenRows_Tag_.of(GoldenRows_Customer_.id, AsyncUdf.apply("greeting", ValueTypes.STRING,
                GoldenRows_Customer_.name, name -> CompletableFuture.completedFuture("hello " + name + " #" + base),
                AsyncOptions.defaults()).version("1"))), "customer-greetings");

        // library functions and a UDF of three arguments in a select (stateless: their identity is what is kept)
        write(customers.select(GoldenRows_Tag_.of(GoldenRows_Customer_.id, Strings.concat(
                Strings.padStart(Strings.upper(GoldenRows_Customer_.name), 6, '.'), Exprs.lit("/"),
                Exprs.apply(ValueTypes.STRING, GoldenRows_Customer_.id, GoldenRows_Customer_.name, GoldenRows_Customer_.country,
                        (id, name, country) -> id + ":" + country.toLowerCase(java.util.Locale.ROOT)).version("1")))),
                "customer-labels");

        // a transactional sink: each commit prepares a transaction, which the state keeps until the next
        Connectors.sink(orders.groupBy(GoldenRows_Order_.customer).reduce(GoldenRows_CustomerCount_.of(GoldenRows_Order_.customer,
                Reducers.count())), new FileTopic<>("customer-counts", outputs.resolve(TOPIC)));
    }

    /** The median of a group's numbers, persisted as the multiset of its values by a codec. */
    static final class Median implements RetractingAggregator<Double, TreeMap<Double, Integer>, Double> {
        private static final StateCodec<TreeMap<Double, Integer>> CODEC = StateCodec.of((out, state) -> {
            out.writeLength(state.size());
            state.forEach((value, count) -> {
                out.writeDouble(value);
                out.writeLength(count);
            });
        }, in -> {
            TreeMap<Double, Integer> state = new TreeMap<>();
            for (int n = in.readLength(9); n > 0; n--) {
                state.put(in.readDouble(), in.readLength(0));
            }
            return state;
        });

        @Override
        public TreeMap<Double, Integer> create() {
            return new TreeMap<>();
        }

        @Override
        public TreeMap<Double, Integer> add(TreeMap<Double, Integer> state, Double value) {
            if (value != null) {
                state.merge(value, 1, Integer::sum);
            }
            return state;
        }

        @Override
        public TreeMap<Double, Integer> retract(TreeMap<Double, Integer> state, Double value) {
            if (value != null) {
                state.computeIfPresent(value, (v, count) -> count == 1 ? null : count - 1);
            }
            return state;
        }

        @Override
        public Double result(TreeMap<Double, Integer> state) {
            List<Double> values = new java.util.ArrayList<>();
            state.forEach((value, count) -> {
                for (int i = 0; i < count; i++) {
                    values.add(value);
                }
            });
            if (values.isEmpty()) {
                return null;
            }
            int middle = values.size() / 2;
            return values.size() % 2 == 1 ? values.get(middle) : (values.get(middle - 1) + values.get(middle)) / 2;
        }

        @Override
        public StateCodec<TreeMap<Double, Integer>> stateCodec() {
            return CODEC;
        }
    }

    /** The longest text of a group (ties: the least): add-only, recomputed from the group's values on a retraction. */
    static final class Longest implements Aggregator<String, String[], String> {
        @Override
        public String[] create() {
            return new String[1];
        }

        @Override
        public String[] add(String[] state, String value) {
            String best = state[0];
            if (value != null && (best == null || value.length() > best.length()
                    || value.length() == best.length() && value.compareTo(best) < 0)) {
                state[0] = value;
            }
            return state;
        }

        @Override
        public String result(String[] state) {
            return state[0];
        }
    }
}
