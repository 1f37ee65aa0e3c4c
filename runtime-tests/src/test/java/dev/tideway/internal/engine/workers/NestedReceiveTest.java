package dev.tideway.internal.engine.workers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tideway.Exprs;
import dev.tideway.Reducers;
import dev.tideway.Table;
import dev.tideway.internal.engine.Graph;
import dev.tideway.internal.engine.Node;
import dev.tideway.internal.engine.Runner;
import dev.tideway.internal.engine.SinkNode;
import dev.tideway.internal.engine.ValueKeys;
import dev.tideway.internal.engine.fixtures.Sale;
import dev.tideway.internal.engine.fixtures.Sale_;
import dev.tideway.internal.engine.fixtures.ShopTotal;
import dev.tideway.internal.engine.fixtures.ShopTotal_;
import dev.tideway.io.csv.Csv;
import dev.tideway.io.csv.CsvReadOptions;
import dev.tideway.spi.Connectors;
import dev.tideway.schema.ValueTypes;
import dev.tideway.testing.Captured;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker that receives while in the middle of a push (an exchange's sending end sent a full batch)
 * may push what it receives into a node that is itself in the middle of delivering its output, when
 * the receive is nested in another one: each sending end only leaves out the exchanges into its own
 * producer's upstream, not into the upstream of every producer on the worker's stack.
 *
 * <p>Two independent chains, source x -> select A -> groupBy, and source y -> select T -> groupBy (a
 * non-deterministic select remembers what it produced by row key, so an exchange feeds each). Worker 1 has sent worker 0, in this order: a full
 * batch into A, a full batch into T, and ten more rows into A. Worker 0 pushes the first batch into A;
 * A's output fills the batch for worker 1, whose send receives the batch into T; T's output fills its
 * batch too, whose send receives the ten rows into A, while A is still delivering the first batch.
 */
class NestedReceiveTest {
    @TempDir
    Path dir;

    @Test
    void rowsReceivedWhilePushingAreCountedOnceByTheGroupBy() throws Exception {
        Files.createDirectories(dir.resolve("x"));
        Files.createDirectories(dir.resolve("y"));
        Graph graph = new Graph();
        Captured<ShopTotal> xTotals = new Captured<>();
        Captured<ShopTotal> yTotals = new Captured<>();
        Node mapX;
        Node mapY;
        Graph previous = Graph.enter(graph);
        try {
            Table<Sale> xs = Csv.read(dir.resolve("x"), Sale_.SCHEMA, CsvReadOptions.defaults().withStreaming(false));
            Table<Sale> ys = Csv.read(dir.resolve("y"), Sale_.SCHEMA, CsvReadOptions.defaults().withStreaming(false));
            Table<Sale> a = xs.select(sameSale());
            Table<Sale> t = ys.select(sameSale());
            Connectors.sink(a.groupBy(Sale_.shop).reduce(ShopTotal_.of(Sale_.shop, Reducers.count())), xTotals);
            Connectors.sink(t.groupBy(Sale_.shop).reduce(ShopTotal_.of(Sale_.shop, Reducers.count())), yTotals);
        } finally {
            Graph.leave(graph, previous);
        }
        mapX = graph.nodes().get(2);
        mapY = graph.nodes().get(3);
        assertThat(mapX.kind()).isEqualTo("select-nondeterministic");
        assertThat(mapY.kind()).isEqualTo("select-nondeterministic");
        Runner.assignPersistentIds(graph);
        for (SinkNode<?> sink : graph.sinks()) {
            sink.open(-1);
        }
        // a shop whose group is on worker 1, so that the maps' outputs leave worker 0
        String shop = null;
        for (int i = 0; shop == null; i++) {
            if (KeyGroups.worker(new ValueKeys(Sale_.shop).keyOf(sale("s" + i)), 2) == 1) {
                shop = "s" + i;
            }
        }
        Workers workers = Workers.start(graph, 2);
        try {
            Exchange intoX = into(workers, mapX);
            Exchange intoY = into(workers, mapY);
            sentByWorker1(workers, intoX, shop, 0, Batch.SIZE);
            sentByWorker1(workers, intoY, shop, 0, Batch.SIZE);
            sentByWorker1(workers, intoX, shop, Batch.SIZE, 10);
            workers.compute(1, List.of(0, 1), 1);
        } finally {
            workers.close();
        }
        assertThat(yTotals.rows()).containsExactly(new ShopTotal(shop, Batch.SIZE));
        assertThat(xTotals.rows()).as("1,034 rows went into map A once each").containsExactly(new ShopTotal(shop, Batch.SIZE + 10));
    }

    private static Exchange into(Workers workers, Node consumer) {
        for (Exchange exchange : workers.exchanges()) {
            if (exchange.description.contains(" -> " + consumer + " port 0")) {
                return exchange;
            }
        }
        throw new AssertionError("no exchange into " + consumer + " in " + workers.exchanges());
    }

    /** Puts a batch of {@code count} rows on the channel from worker 1 to worker 0, as worker 1's sending end would. */
    private static void sentByWorker1(Workers workers, Exchange exchange, String shop, int firstKey, int count) {
        Batch batch = new Batch();
        batch.reset(false);
        for (int i = 0; i < count; i++) {
            batch.add(firstKey + i, sale(shop), 1, 0);
        }
        batch.exchange = exchange.id;
        Channel channel = workers.channel(1, 0);
        channel.inFlight.incrementAndGet();
        channel.sent.offer(batch);
    }

    /** The sale as it is, through a non-deterministic function (so the select keeps state, partitioned by row key). */
    private static dev.tideway.Projection<Sale> sameSale() {
        return Sale_.of(Exprs.applyNonDeterministic(ValueTypes.STRING, Sale_.shop, shop -> shop), Sale_.item, Sale_.qty, Sale_.units,
                Sale_.price);
    }

    private static Sale sale(String shop) {
        return new Sale(shop, "x", 1, 1, 1.0);
    }
}
