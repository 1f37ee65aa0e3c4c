package dev.tideway.internal.engine.workers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tideway.Table;
import dev.tideway.internal.engine.Graph;
import dev.tideway.internal.engine.Runner;
import dev.tideway.internal.engine.fixtures.Sale;
import dev.tideway.internal.engine.fixtures.Sale_;
import dev.tideway.internal.engine.fixtures.ShopTotal;
import dev.tideway.internal.engine.fixtures.ShopTotal_;
import dev.tideway.io.csv.Csv;
import dev.tideway.io.csv.CsvReadOptions;
import dev.tideway.spi.Connectors;
import dev.tideway.testing.Captured;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import dev.tideway.Expr;
import dev.tideway.Exprs;
import dev.tideway.Reducers;
import dev.tideway.schema.ValueTypes;
import org.junit.jupiter.api.io.TempDir;

/** Where the workers put exchanges, and which nodes they copy. */
class ExchangePlacementTest {
    @TempDir
    Path dir;

    /**
     * A deterministic select or map holds no state: after a source split by unit it runs where the rows
     * were read, as a filter does, and only the sink's gathering exchange moves rows between workers.
     */
    @Test
    void aMapAfterASplitSourceAddsNoExchange() throws Exception {
        Files.createDirectories(dir.resolve("in"));
        Graph graph = new Graph();
        Graph previous = Graph.enter(graph);
        try {
            Table<Sale> sales = Csv.read(dir.resolve("in"), Sale_.SCHEMA, CsvReadOptions.defaults().withStreaming(false));
            Table<ShopTotal> totals = sales.filter(Sale_.qty.gt(0L)).map(ShopTotal_.SCHEMA, s -> new ShopTotal(s.shop(), s.qty()));
            Connectors.sink(totals, new Captured<>());
        } finally {
            Graph.leave(graph, previous);
        }
        Runner.assignPersistentIds(graph);
        Workers workers = Workers.start(graph, 2);
        try {
            assertThat(workers.exchanges()).map(Exchange::toString).singleElement().asString().endsWith("(gather)");
        } finally {
            workers.close();
        }
    }

    /**
     * A group-by whose key comes from a non-deterministic function runs once: the worker routing a row
     * and the copy holding its group could compute different keys. Its input is gathered to worker 0;
     * a group-by with a deterministic key is fed by key.
     */
    @Test
    void aGroupByOnANonDeterministicKeyRunsOnce() throws Exception {
        Files.createDirectories(dir.resolve("in"));
        Graph graph = new Graph();
        Graph previous = Graph.enter(graph);
        try {
            Table<Sale> sales = Csv.read(dir.resolve("in"), Sale_.SCHEMA, CsvReadOptions.defaults().withStreaming(false));
            Expr<String> drawn = Exprs.applyNonDeterministic(ValueTypes.STRING, Sale_.shop, shop -> shop + Math.random());
            Connectors.sink(sales.groupBy(drawn).reduce(ShopTotal_.of(drawn, Reducers.sum(Sale_.qty))), new Captured<>());
            Connectors.sink(sales.groupBy(Sale_.shop).reduce(ShopTotal_.of(Sale_.shop, Reducers.sum(Sale_.qty))), new Captured<>());
        } finally {
            Graph.leave(graph, previous);
        }
        Runner.assignPersistentIds(graph);
        Workers workers = Workers.start(graph, 2);
        try {
            assertThat(workers.exchanges()).map(Exchange::toString).containsExactlyInAnyOrder(
                    "source:csv#0 -> group-by#1 port 0 (gather)",
                    "source:csv#0 -> group-by#3 port 0 (partition)",
                    "group-by#3 -> sink#4 port 0 (gather)");
        } finally {
            workers.close();
        }
    }
}
