package dev.tideway.samples.udf;

import static dev.tideway.JoinResult.left;
import static dev.tideway.JoinResult.right;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import dev.tideway.Exprs;
import dev.tideway.Reducers;
import dev.tideway.RunConfig;
import dev.tideway.Table;
import dev.tideway.Tideway;
import dev.tideway.UserFunctionException;
import dev.tideway.Window;
import dev.tideway.WindowedTable;
import dev.tideway.internal.engine.Graph;
import dev.tideway.io.csv.Csv;
import dev.tideway.io.csv.CsvReadOptions;
import dev.tideway.io.jsonlines.JsonLines;
import dev.tideway.samples.wordcount.WordCount_;
import dev.tideway.schema.ValueTypes;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * User code run by the event-time operators (a UDF in a windowed reduce or in an event time, a
 * session predicate, a record's constructor, a streamToTable flag) stops the run with a
 * {@link UserFunctionException} naming the operator, the row and where it came from, as the other
 * operators' ({@link UserFunctionFailureTest}); the operators' own errors are not wrapped.
 */
class EventTimeUserFunctionFailureTest {
    private static final RunConfig STATIC = RunConfig.defaults().withHandleSignals(false);
    /** The shifts of a day of 24 hours, 8 hours each; a session does not span two of them. */
    private static final List<String> SHIFTS = List.of("night", "day", "evening");

    @TempDir
    Path dir;
    private Path sales;

    @BeforeEach
    void salesFiles() throws Exception {
        sales = Files.createDirectory(dir.resolve("sales"));
    }

    @AfterEach
    void emptyTheThreadsPipeline() {
        Graph.detachCurrent();
    }

    private Table<Sale> read(Path directory, String id) {
        return Csv.read(directory, Sale_.SCHEMA, CsvReadOptions.defaults().withStreaming(false).withPersistentId(id));
    }

    private String file(String name) {
        return Pattern.quote(sales.resolve(name).toString());
    }

    /** Whole cents: refuses amounts with a fraction of a cent, as BigDecimal.setScale does without a rounding mode. */
    private static long cents(BigDecimal amount) {
        return amount.setScale(2).unscaledValue().longValueExact();
    }

    /** The shift of an hour of the day: a user function that knows only hours 0 to 23. */
    private static String shift(long hour) {
        if (hour < 0 || hour > 23) {
            throw new IllegalArgumentException("not an hour of the day: " + hour);
        }
        return SHIFTS.get((int) (hour / 8));
    }

    @Test
    void aUdfInAWindowedReduceNamesTheWindowOperatorTheRowAndItsLine() throws Exception {
        Files.writeString(sales.resolve("a.csv"), "sku,at,amount\npen,1,1.50\nink,2,1.005\n");
        WindowedTable<Sale, Long> windows = read(sales, "sales").windowBy(Window.tumbling(10L), Sale_.at, Sale_.sku);
        JsonLines.write(windows.reduce(SkuTotal_.of(Sale_.sku, windows.start(), Reducers.sum(Exprs.apply(ValueTypes.LONG, Sale_.amount,
                EventTimeUserFunctionFailureTest::cents)))).named("totals"), dir.resolve("out.jsonl"));
        assertThatThrownBy(() -> Tideway.run(STATIC))
                .isInstanceOf(UserFunctionException.class)
                .hasMessageMatching("window-tumbling#1 \\(named \"totals\"\\) failed on the row with key [0-9a-f]{16}: Sale\\[sku=ink, at=2,"
                        + " amount=1\\.005]; it came from source \"sales\", " + file("a.csv") + ", line 3\\. Cause:"
                        + " java\\.lang\\.ArithmeticException: Rounding necessary")
                .hasCauseInstanceOf(ArithmeticException.class)
                .asInstanceOf(type(UserFunctionException.class))
                .satisfies(e -> {
                    assertThat(e.operator()).isEqualTo("window-tumbling#1");
                    assertThat(e.operatorName()).hasValue("totals");
                    assertThat(e.row()).isEqualTo("Sale[sku=ink, at=2, amount=1.005]");
                });
    }

    @Test
    void aSessionPredicateThatThrowsIsReportedOnTheRowThatMadeItCompare() throws Exception {
        Files.writeString(sales.resolve("a.csv"), "sku,at,amount\npen,1,1.50\npen,2,2.00\npen,30,1.00\n");
        WindowedTable<Sale, Long> sessions = read(sales, "sales")
                .windowBy(Window.<Long>session((a, b) -> shift(a).equals(shift(b))), Sale_.at, Sale_.sku);
        JsonLines.write(sessions.reduce(SkuTotal_.of(Sale_.sku, sessions.start(), Reducers.count())), dir.resolve("out.jsonl"));
        assertThatThrownBy(() -> Tideway.run(STATIC))
                .isInstanceOf(UserFunctionException.class)
                .hasMessageMatching("window-session#1 failed on the row with key [0-9a-f]{16}: Sale\\[sku=pen, at=30, amount=1\\.00];"
                        + " it came from source \"sales\", " + file("a.csv") + ", line 4\\. Cause:"
                        + " java\\.lang\\.IllegalArgumentException: not an hour of the day: 30")
                .hasCauseInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSessionPredicateOfAWindowJoinToo() throws Exception {
        Path returns = Files.createDirectory(dir.resolve("returns"));
        Files.writeString(sales.resolve("a.csv"), "sku,at,amount\npen,1,1.50\npen,2,2.00\n");
        Files.writeString(returns.resolve("r.csv"), "sku,at,amount\npen,30,-1.50\n");
        Table<Sale> sold = read(sales, "sales");
        Table<Sale> returned = read(returns, "returns");
        JsonLines.write(sold.windowJoin(returned, Sale_.at, Sale_.at, Window.<Long>session((a, b) -> shift(a).equals(shift(b))))
                .select(WordCount_.of(left(Sale_.sku), right(Sale_.at))), dir.resolve("out.jsonl"));
        assertThatThrownBy(() -> Tideway.run(STATIC))
                .isInstanceOf(UserFunctionException.class)
                .hasMessageMatching("session-join-inner#2 failed on the row with key [0-9a-f]{16}: Sale\\[sku=pen, at=30,"
                        + " amount=-1\\.50]; it came from source \"returns\", " + Pattern.quote(returns.resolve("r.csv").toString())
                        + ", line 2\\. Cause: java\\.lang\\.IllegalArgumentException: not an hour of the day: 30")
                .hasCauseInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRecordConstructorThatRefusesAWindowsRowNamesTheWindow() throws Exception {
        Files.writeString(sales.resolve("a.csv"), "sku,at,amount\nrefund,3,-2.00\n");
        WindowedTable<Sale, Long> windows = read(sales, "sales").windowBy(Window.tumbling(10L), Sale_.at, Sale_.sku);
        JsonLines.write(windows.reduce(Cents_.of(Sale_.sku, Reducers.sum(Exprs.apply(ValueTypes.LONG, Sale_.amount,
                EventTimeUserFunctionFailureTest::cents)))), dir.resolve("out.jsonl"));
        assertThatThrownBy(() -> Tideway.run(STATIC))
                .isInstanceOf(UserFunctionException.class)
                .hasMessageMatching("window-tumbling#1 failed on the row with key [0-9a-f]{16}: the window \\[0, 10\\) of \\[refund]\\."
                        + " Cause: java\\.lang\\.IllegalArgumentException: cents must not be negative, not -200");
    }

    @Test
    void aUdfInAnEventTimeOrAStreamToTableFlag() throws Exception {
        Files.writeString(sales.resolve("a.csv"), "sku,at,amount\npen,1,1.50\nink,9223372036854776,1.005\n");
        JsonLines.write(read(sales, "sales").forget(Exprs.apply(ValueTypes.LONG, Sale_.at, seconds -> Math.multiplyExact(seconds, 1000L)),
                60_000L), dir.resolve("f.jsonl"));
        assertThatThrownBy(() -> Tideway.run(STATIC))
                .isInstanceOf(UserFunctionException.class)
                .hasMessageMatching("forget#1 failed on the row with key [0-9a-f]{16}: Sale\\[sku=ink, at=9223372036854776,"
                        + " amount=1\\.005]; it came from source \"sales\", " + file("a.csv") + ", line 3\\. Cause:"
                        + " java\\.lang\\.ArithmeticException: long overflow");

        JsonLines.write(read(sales, "sales").streamToTable(Exprs.apply(ValueTypes.BOOLEAN, Sale_.amount, a -> cents(a) > 0)),
                dir.resolve("s.jsonl"));
        assertThatThrownBy(() -> Tideway.run(STATIC))
                .isInstanceOf(UserFunctionException.class)
                .hasMessageMatching("stream-to-table#1 failed on the row with key [0-9a-f]{16}: Sale\\[sku=ink, .*; it came from source"
                        + " \"sales\", " + file("a.csv") + ", line 3\\. Cause: java\\.lang\\.ArithmeticException: Rounding necessary");
    }

    @Test
    void aRowWithoutAnEventTimeIsTheOperatorsErrorNotTheUsers() throws Exception {
        Files.writeString(sales.resolve("a.csv"), "sku,at,amount\npen,1,1.50\nink,,1.00\n");
        JsonLines.write(read(sales, "sales").forget(Sale_.at, 60L), dir.resolve("f.jsonl"));
        assertThatThrownBy(() -> Tideway.run(STATIC))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("forget: a row has no event time (at is null): Sale[sku=ink, at=null, amount=1.00]; give every row a"
                        + " time, or filter out the rows without one before forget");
    }
}
