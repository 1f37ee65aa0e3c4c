package dev.tideway.samples.golden;

import dev.tideway.AsyncOptions;
import dev.tideway.AsyncUdf;
import dev.tideway.ErrorLogEntry;
import dev.tideway.Exprs;
import dev.tideway.Table;
import dev.tideway.Tideway;
import dev.tideway.io.csv.Csv;
import dev.tideway.io.csv.CsvReadOptions;
import dev.tideway.io.file.FileWriteOptions;
import dev.tideway.samples.golden.GoldenRows.Order;
import dev.tideway.schema.ValueTypes;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The pipeline of the golden fixture {@code v2-error-log}: a run that withholds failing rows
 * ({@code withTerminateOnError(false)}), whose non-deterministic select and async select remember
 * the rows their functions failed on in the section {@code tideway-snapshot} format 2 added to their
 * state, and whose error log is an output. Frozen with the fixture.
 *
 * <p>The quote function refuses {@code fig} while the fixture is written ({@code callBase} 0) and
 * takes it when it is continued (1000); the stock call refuses {@code pear} alike; both refuse
 * {@code bad} always. The continuation deletes the rows of {@code fig} and {@code pear}: their
 * retractions must be dropped without calling (a call would now answer, and retract a value never
 * written), which only a restored withheld section makes possible. Values carry {@code #callBase},
 * so a retraction of {@code #0} proves the values were restored, not computed again.
 */
final class ErrorLogPipeline {
    /** Every output: its persistent id is its file's name without {@code .csv}. */
    static final List<String> OUTPUTS = List.of("quotes", "stock", "errors");

    private final Path inputs;
    private final Path outputs;
    private final long callBase;

    ErrorLogPipeline(Path base, long callBase) {
        this.inputs = base.resolve("in");
        this.outputs = base.resolve("out");
        this.callBase = callBase;
    }

    private <T> void write(Table<T> table, String id) {
        Csv.write(table, outputs.resolve(id + ".csv"), FileWriteOptions.defaults().withPersistentId(id));
    }

    void build() {
        Table<Order> orders = Csv.read(inputs.resolve("orders"), GoldenRows_Order_.SCHEMA,
                CsvReadOptions.defaults().withStreaming(false).withPersistentId("orders"));
        long base = callBase;

        // a flaky quote service, declared non-deterministic: its failures are remembered in the select's state
        write(orders.select(GoldenRows_Tag_.of(GoldenRows_Order_.id, Exprs.applyNonDeterministic(ValueTypes.STRING, GoldenRows_Order_.sku,
                sku -> {
                    if (sku.equals("bad") || sku.equals("fig") && base == 0) {
                        throw new IllegalStateException("the quote service refused " + sku);
                    }
                    return sku + " #" + base;
                }).version("1"))), "quotes");

        // an async call that fails for good (no retry): withheld, and remembered as the async select's failure
        write(orders.select(GoldenRows_Tag_.of(GoldenRows_Order_.id, AsyncUdf.apply("stock", ValueTypes.STRING, GoldenRows_Order_.sku,
                sku -> sku.equals("bad") || sku.equals("pear") && base == 0
                        ? CompletableFuture.<String>failedFuture(new IllegalStateException("the stock service refused " + sku))
                        : CompletableFuture.completedFuture("in stock #" + base),
                AsyncOptions.defaults()).version("1"))), "stock");

        write(Tideway.errorLog().select(GoldenRows_ErrorView_.of(ErrorLogEntry.OPERATOR, ErrorLogEntry.ERROR, ErrorLogEntry.ROW)),
                "errors");
    }
}
