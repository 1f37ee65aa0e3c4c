package dev.tideway.samples.columns;

import static dev.tideway.JoinResult.left;
import static dev.tideway.JoinResult.right;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tideway.Exprs;
import dev.tideway.Interval;
import dev.tideway.JoinOn;
import dev.tideway.Reducers;
import dev.tideway.Table;
import dev.tideway.TemporalJoin;
import dev.tideway.Window;
import dev.tideway.WindowedTable;
import dev.tideway.testing.Captured;
import dev.tideway.testing.PipelineTester;
import dev.tideway.testing.TestInput;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * The event-time operators check their columns as the other operators do ({@link ForeignColumnTest}):
 * a time column, an instance, a join condition or a reduce's expression of another table, or a
 * window's {@code start()} used where it has no value, is refused when the pipeline is built, before
 * any row is read, naming the operator, the column and the fix.
 */
class EventTimeForeignColumnTest {
    private final PipelineTester tester = new PipelineTester();
    private final TestInput<Trade> tradeInput = tester.input(Trade_.SCHEMA);
    private final TestInput<Quote> quoteInput = tester.input(Quote_.SCHEMA);
    private final Table<Trade> trades = tradeInput.table();
    private final Table<Quote> quotes = quoteInput.table();

    private void refused(ThrowingCallable build, String message) {
        assertThatThrownBy(build).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void windowByWithATimeOrAnInstanceOfAnotherTable() {
        refused(() -> trades.windowBy(Window.tumbling(10L), Quote_.time, Trade_.symbol),
                "windowBy on Table<Trade> uses column Quote_.time of Quote; use a column of Trade, or join first");
        refused(() -> trades.windowBy(Window.session(3L), Trade_.time, Exprs.upper(Quote_.symbol)),
                "windowBy on Table<Trade> uses column Quote_.symbol of Quote; use a column of Trade, or join first");
        refused(() -> trades.windowBy(Window.intervalsOver(quotes, Trade_.time, -5L, 0L, false), Trade_.time),
                "windowBy on Table<Trade>: the probe time of intervalsOver uses column Trade_.time of Trade; Window.intervalsOver takes"
                        + " a column of its probes table (Quote)");
    }

    @Test
    void aWindowedReduceWithAColumnOfAnotherTable() {
        WindowedTable<Trade, Long> windows = trades.windowBy(Window.tumbling(10L), Trade_.time, Trade_.symbol);
        refused(() -> windows.reduce(SymbolWindow_.of(Trade_.symbol, windows.start(), windows.end(), Reducers.sum(Quote_.price))),
                "windowBy(...).reduce on Table<Trade> uses column Quote_.price of Quote; use a column of Trade, or join first");
    }

    @Test
    void aWindowsStartOnlyAsAFieldOfItsOwnReduce() {
        WindowedTable<Trade, Long> windows = trades.windowBy(Window.tumbling(10L), Trade_.time, Trade_.symbol);
        WindowedTable<Trade, Long> sessions = trades.windowBy(Window.session(3L), Trade_.time, Trade_.symbol);
        refused(() -> windows.reduce(SymbolWindow_.of(Trade_.symbol, sessions.start(), windows.end(), Reducers.sum(Trade_.qty))),
                "windowBy(...).reduce on Table<Trade> uses window.start, the start of the windows of windowBy(session(max gap 3)) on"
                        + " Table<Trade>: it has a value only as a field of their reduce(...), not inside an expression or in another"
                        + " operator");
        refused(() -> windows.reduce(SymbolWindow_.of(Trade_.symbol, windows.start(), windows.end(), Reducers.max(windows.end()))),
                "windowBy(...).reduce on Table<Trade> uses window.end, the end of the windows of windowBy(tumbling(10)) on"
                        + " Table<Trade>: it has a value only as a field of their reduce(...), not inside an expression or in another"
                        + " operator");
        refused(() -> trades.filter(windows.start().gt(0L)),
                "filter on Table<Trade> uses window.start, the start of the windows of windowBy(tumbling(10)) on Table<Trade>: it"
                        + " has a value only as a field of their reduce(...), not inside an expression or in another operator");
    }

    @Test
    void watermarkForgetIgnoreLateBufferAndStreamToTable() {
        refused(() -> trades.withWatermark(Quote_.time, 5L),
                "withWatermark on Table<Trade> uses column Quote_.time of Quote; use a column of Trade, or join first");
        refused(() -> trades.forget(Quote_.time, 10L),
                "forget on Table<Trade> uses column Quote_.time of Quote; use a column of Trade, or join first");
        refused(() -> trades.ignoreLate(Exprs.plus(Trade_.time, Quote_.time), 10L),
                "ignoreLate on Table<Trade> uses column Quote_.time of Quote; use a column of Trade, or join first");
        refused(() -> trades.buffer(Quote_.time, 10L),
                "buffer on Table<Trade> uses column Quote_.time of Quote; use a column of Trade, or join first");
        refused(() -> trades.streamToTable(Quote_.live),
                "streamToTable on Table<Trade> uses column Quote_.live of Quote; use a column of Trade, or join first");
        refused(() -> trades.forget(Reducers.max(Trade_.time), 10L),
                "forget on Table<Trade> uses max(time), a reducer, which has a value only per group; use it inside"
                        + " groupBy(...).reduce(...)");
    }

    @Test
    void temporalJoinTimesOnTheWrongSides() {
        refused(() -> trades.asofJoin(quotes, Quote_.time, Trade_.time),
                "asofJoin of Table<Trade> with Table<Quote>: the left time uses column Quote_.time of Quote; asofJoin takes the time"
                        + " column of the left table (Trade) first, then that of the right table (Quote)");
        refused(() -> trades.intervalJoin(quotes, Trade_.time, Trade_.time, Interval.of(-5L, 0L)),
                "intervalJoin of Table<Trade> with Table<Quote>: the right time uses column Trade_.time of Trade; intervalJoin takes"
                        + " the time column of the left table (Trade) first, then that of the right table (Quote)");
        refused(() -> trades.windowJoin(quotes, Trade_.time, Exprs.minus(Quote_.time, Trade_.qty), Window.tumbling(10L)),
                "windowJoin of Table<Trade> with Table<Quote>: the right time uses column Trade_.qty of Trade; windowJoin takes the"
                        + " time column of the left table (Trade) first, then that of the right table (Quote)");
    }

    @Test
    void temporalJoinConditionsOnTheWrongSides() {
        TemporalJoin<Trade, Quote> asof = trades.asofJoin(quotes, Trade_.time, Quote_.time);
        refused(() -> asof.on(new JoinOn<>(Quote_.symbol, Trade_.symbol)),
                "asofJoin of Table<Trade> with Table<Quote>: the left side of condition 1 uses column Quote_.symbol of Quote; JoinOn.of"
                        + " takes a column of the left table (Trade) first, then one of the right table (Quote)");
        TemporalJoin<Trade, Quote> interval = trades.intervalJoin(quotes, Trade_.time, Quote_.time, Interval.of(-5L, 0L))
                .on(JoinOn.of(Trade_.symbol, Quote_.symbol));
        refused(() -> interval.on(new JoinOn<>(Trade_.qty, Trade_.qty)),
                "intervalJoin of Table<Trade> with Table<Quote>: the right side of condition 2 uses column Trade_.qty of Trade;"
                        + " JoinOn.of takes a column of the left table (Trade) first, then one of the right table (Quote)");
    }

    @Test
    void aTemporalJoinsSelectWithTheSidesSwappedOrAPlainColumn() {
        TemporalJoin<Trade, Quote> asof = trades.asofJoin(quotes, Trade_.time, Quote_.time).on(JoinOn.of(Trade_.symbol, Quote_.symbol));
        refused(() -> asof.select(PricedTrade_.of(left(Trade_.symbol), left(Trade_.qty), left(Quote_.price))),
                "select on the pairs of asofJoin of Table<Trade> with Table<Quote> uses JoinResult.left(Quote_.price), but the left"
                        + " side holds Trade rows; read it with JoinResult.right(Quote_.price)");
        TemporalJoin<Trade, Quote> window = trades.windowJoin(quotes, Trade_.time, Quote_.time, Window.session(5L));
        refused(() -> window.select(PricedTrade_.of(Trade_.symbol, left(Trade_.qty), right(Quote_.price))),
                "select on the pairs of windowJoin of Table<Trade> with Table<Quote> uses column Trade_.symbol without saying which"
                        + " side of the pairs it is read from; use JoinResult.left(Trade_.symbol) or JoinResult.right(Trade_.symbol)");
    }

    @Test
    void aRefusedOperatorAddsNothingToThePipeline() {
        tradeInput.insert(new Trade("ACME", 5, 10));
        quoteInput.insert(new Quote("ACME", 3, 100, true));
        refused(() -> trades.forget(Quote_.time, 10L),
                "forget on Table<Trade> uses column Quote_.time of Quote; use a column of Trade, or join first");
        refused(() -> trades.streamToTable(Quote_.live),
                "streamToTable on Table<Trade> uses column Quote_.live of Quote; use a column of Trade, or join first");
        TemporalJoin<Trade, Quote> asof = trades.asofJoin(quotes, Trade_.time, Quote_.time);
        refused(() -> asof.select(PricedTrade_.of(right(Trade_.symbol), left(Trade_.qty), right(Quote_.price))),
                "select on the pairs of asofJoin of Table<Trade> with Table<Quote> uses JoinResult.right(Trade_.symbol), but the right"
                        + " side holds Quote rows; read it with JoinResult.left(Trade_.symbol)");
        Captured<Trade> kept = tester.capture(trades.forget(Trade_.time, 10L));
        tester.step();      // an operator left behind would read a Quote's column from a Trade here, and fail
        assertThat(kept.rows()).containsExactly(new Trade("ACME", 5, 10));
    }

    @Test
    void theRightColumnsBuildAndCompute() {
        WindowedTable<Trade, Long> windows = trades.windowBy(Window.tumbling(10L), Trade_.time, Trade_.symbol);
        Captured<SymbolWindow> totals = tester.capture(windows.reduce(SymbolWindow_.of(Trade_.symbol, windows.start(), windows.end(),
                Reducers.sum(Trade_.qty))));
        Captured<PricedTrade> priced = tester.capture(trades.asofJoin(quotes, Trade_.time, Quote_.time)
                .on(JoinOn.of(Trade_.symbol, Quote_.symbol))
                .select(PricedTrade_.of(left(Trade_.symbol), left(Trade_.qty), right(Quote_.price))));
        Captured<Quote> live = tester.capture(quotes.streamToTable(Quote_.live));
        quoteInput.insert(new Quote("ACME", 3, 100, true));
        tradeInput.insert(new Trade("ACME", 5, 10));
        tradeInput.insert(new Trade("ACME", 7, 3));
        tester.step();
        assertThat(totals.rows()).containsExactly(new SymbolWindow("ACME", 0, 10, 13));
        assertThat(priced.rows()).containsExactlyInAnyOrder(new PricedTrade("ACME", 10, 100), new PricedTrade("ACME", 3, 100));
        assertThat(live.rows()).containsExactly(new Quote("ACME", 3, 100, true));
    }
}
