package dev.tideway.samples.golden;

import static dev.tideway.JoinResult.left;
import static dev.tideway.JoinResult.right;

import dev.tideway.Behavior;
import dev.tideway.CellUpdate;
import dev.tideway.Exprs;
import dev.tideway.Interval;
import dev.tideway.JoinKind;
import dev.tideway.JoinOn;
import dev.tideway.Reducers;
import dev.tideway.Table;
import dev.tideway.Window;
import dev.tideway.WindowedTable;
import dev.tideway.io.csv.Csv;
import dev.tideway.io.csv.CsvReadOptions;
import dev.tideway.io.file.FileWriteOptions;
import dev.tideway.samples.golden.GoldenRows.Customer;
import dev.tideway.samples.golden.GoldenRows.Limit;
import dev.tideway.samples.golden.GoldenRows.Order;
import dev.tideway.samples.golden.GoldenRows.Reading;
import dev.tideway.schema.RowSchema;
import dev.tideway.schema.ValueTypes;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The pipeline of the golden state fixtures: every stateful operator, each writing a CSV output
 * with a persistent id. Frozen with the fixtures: a fixture restores only into this pipeline.
 *
 * <p>The two user functions that keep state count their calls from {@code callBase}, so that a
 * value computed by the run that wrote a fixture ({@code #1}) and one computed after its restore
 * ({@code #1001}) differ: a retraction carrying the old value proves that the state (the
 * non-deterministic select's values, the UDF cache) was restored, not computed again. They carry a
 * {@code version}, so that their identity does not depend on the bytecode a compiler makes of them
 * (the deduplicate's acceptor still does: a javac that compiles {@code next > last} otherwise would
 * rebuild it).
 */
final class GoldenPipeline {
    /** Every output: its persistent id is its file's name without {@code .csv}. */
    static final List<String> OUTPUTS = List.of("customer-stats", "orders-inner", "orders-left", "orders-right", "orders-outer",
            "latest-reading", "customers-updated", "customers-renamed", "customer-marks", "country-tags", "tumbling",
            "sessions", "asof", "interval", "forgotten", "buffered");

    private final Path inputs;
    private final Path outputs;
    private final AtomicLong marks;
    private final AtomicLong tags;

    GoldenPipeline(Path base, long callBase) {
        this.inputs = base.resolve("in");
        this.outputs = base.resolve("out");
        this.marks = new AtomicLong(callBase);
        this.tags = new AtomicLong(callBase);
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
        Table<Limit> limits = read("limits", GoldenRows_Limit_.SCHEMA);

        // group-by with every reducer
        write(orders.groupBy(GoldenRows_Order_.customer).reduce(GoldenRows_CustomerStats_.of(GoldenRows_Order_.customer,
                Reducers.count(), Reducers.sum(GoldenRows_Order_.cents), Reducers.sumInt(GoldenRows_Order_.qty),
                Reducers.sumDouble(GoldenRows_Order_.weight), Reducers.avg(GoldenRows_Order_.weight), Reducers.min(GoldenRows_Order_.cents),
                Reducers.max(GoldenRows_Order_.cents), Reducers.countDistinct(GoldenRows_Order_.sku),
                Reducers.sortedTuple(GoldenRows_Order_.sku), Reducers.earliest(GoldenRows_Order_.sku),
                Reducers.latest(GoldenRows_Order_.sku))), "customer-stats");

        // a join of each kind
        for (JoinKind kind : JoinKind.values()) {
            write(orders.join(customers, kind, JoinOn.of(GoldenRows_Order_.customer, GoldenRows_Customer_.id))
                    .select(GoldenRows_OrderView_.of(Exprs.coalesce(left(GoldenRows_Order_.id), Exprs.lit("-")),
                            Exprs.coalesce(right(GoldenRows_Customer_.name), Exprs.lit("-")))),
                    "orders-" + kind.name().toLowerCase(java.util.Locale.ROOT));
        }

        // deduplicate: per sensor, the reading whose value rose
        write(readings.deduplicate(GoldenRows_Reading_.value, (Long next, Long last) -> next > last, GoldenRows_Reading_.sensor),
                "latest-reading");

        // update rows and update cells
        write(customers.updateRows(read("customer-updates", GoldenRows_Customer_.SCHEMA)), "customers-updated");
        write(customers.updateCells(read("name-fixes", GoldenRows_NameFix_.SCHEMA),
                CellUpdate.set(GoldenRows_Customer_.name, GoldenRows_NameFix_.name)), "customers-renamed");

        // a non-deterministic UDF (its values are state) and a caching UDF (its cache is state)
        write(customers.select(GoldenRows_Tag_.of(GoldenRows_Customer_.id, Exprs.applyNonDeterministic(ValueTypes.STRING,
                GoldenRows_Customer_.name, name -> name + "#" + marks.incrementAndGet()).version("1"))), "customer-marks");
        write(customers.select(GoldenRows_Tag_.of(GoldenRows_Customer_.id, Exprs.applyCached("country-tags", ValueTypes.STRING,
                GoldenRows_Customer_.country, country -> country.toLowerCase(java.util.Locale.ROOT) + "#" + tags.incrementAndGet())
                .version("1"))), "country-tags");

        // event time: windows with behaviours, temporal joins, forget and buffer
        WindowedTable<Reading, Long> tumbling = readings.windowBy(Window.tumbling(10L), GoldenRows_Reading_.t, GoldenRows_Reading_.sensor)
                .withBehavior(Behavior.delay(2L).withCutoff(20L));
        write(tumbling.reduce(GoldenRows_SensorWindow_.of(GoldenRows_Reading_.sensor, tumbling.start(), tumbling.end(),
                Reducers.count(), Reducers.sum(GoldenRows_Reading_.value))), "tumbling");
        WindowedTable<Reading, Long> sessions = readings.windowBy(Window.session(3L), GoldenRows_Reading_.t, GoldenRows_Reading_.sensor);
        write(sessions.reduce(GoldenRows_SensorWindow_.of(GoldenRows_Reading_.sensor, sessions.start(), sessions.end(),
                Reducers.count(), Reducers.sum(GoldenRows_Reading_.value))), "sessions");
        write(readings.asofJoin(limits, GoldenRows_Reading_.t, GoldenRows_Limit_.t)
                .on(JoinOn.of(GoldenRows_Reading_.sensor, GoldenRows_Limit_.sensor))
                .select(GoldenRows_ReadingLimit_.of(left(GoldenRows_Reading_.id), Exprs.coalesce(right(GoldenRows_Limit_.max),
                        Exprs.lit(-1L)))), "asof");
        write(readings.intervalJoin(limits, GoldenRows_Reading_.t, GoldenRows_Limit_.t, Interval.of(-5L, 5L))
                .on(JoinOn.of(GoldenRows_Reading_.sensor, GoldenRows_Limit_.sensor))
                .select(GoldenRows_ReadingLimit_.of(left(GoldenRows_Reading_.id), Exprs.coalesce(right(GoldenRows_Limit_.max),
                        Exprs.lit(-1L)))), "interval");
        write(readings.forget(GoldenRows_Reading_.t, 15L), "forgotten");
        write(readings.buffer(GoldenRows_Reading_.t, 3L), "buffered");
    }
}
