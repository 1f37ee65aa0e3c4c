package dev.tideway.samples.udf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import dev.tideway.Exprs;
import dev.tideway.Reducers;
import dev.tideway.RunConfig;
import dev.tideway.Table;
import dev.tideway.Tideway;
import dev.tideway.UserFunctionException;
import dev.tideway.internal.engine.Graph;
import dev.tideway.io.csv.Csv;
import dev.tideway.io.csv.CsvReadOptions;
import dev.tideway.io.jsonlines.JsonLines;
import dev.tideway.io.subscribe.Subscribe;
import dev.tideway.persistence.Backend;
import dev.tideway.persistence.PersistenceConfig;
import dev.tideway.samples.wordcount.WordCount;
import dev.tideway.samples.wordcount.WordCount_;
import dev.tideway.schema.ValueTypes;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * User code that throws stops the run with a {@link UserFunctionException}: the operator (and its
 * name), the row's key and values, where the row came from, and the user's exception as the cause.
 */
class UserFunctionFailureTest {
    private static final RunConfig STATIC = RunConfig.defaults().withHandleSignals(false);

    @TempDir
    Path dir;
    private Path input;

    @BeforeEach
    void prices() throws Exception {
        input = Files.createDirectory(dir.resolve("prices"));
        Files.writeString(input.resolve("a.csv"), "sku,amount\npen,1.50\nink,1.005\n");
    }

    @AfterEach
    void emptyTheThreadsPipeline() {
        Graph.detachCurrent();
    }

    private Table<Price> read() {
        return Csv.read(input, Price_.SCHEMA, CsvReadOptions.defaults().withStreaming(false).withPersistentId("prices"));
    }

    /** Whole cents: refuses amounts with a fraction of a cent, as BigDecimal.setScale does without a rounding mode. */
    private static long cents(BigDecimal amount) {
        return amount.setScale(2).unscaledValue().longValueExact();
    }

    @Test
    void aUdfInASelectNamesTheOperatorTheRowItsKeyAndItsFileAndLine() {
        JsonLines.write(read().select(Cents_.of(Price_.sku, Exprs.apply(ValueTypes.LONG, Price_.amount, UserFunctionFailureTest::cents))),
                dir.resolve("out.jsonl"));
        assertThatThrownBy(() -> Tideway.run(STATIC))
                .isInstanceOf(UserFunctionException.class)
                .hasMessageMatching("select#1 failed on the row with key [0-9a-f]{16}: Price\\[sku=ink, amount=1\\.005]; it came from"
                        + " source \"prices\", " + java.util.regex.Pattern.quote(input.resolve("a.csv").toString())
                        + ", line 3\\. Cause: java\\.lang\\.ArithmeticException: Rounding necessary")
                .hasCauseInstanceOf(ArithmeticException.class)
                .asInstanceOf(type(UserFunctionException.class))
                .satisfies(e -> {
                    assertThat(e.operator()).isEqualTo("select#1");
                    assertThat(e.operatorName()).isEmpty();
                    assertThat(e.row()).isEqualTo("Price[sku=ink, amount=1.005]");
                    assertThat(e.origin()).hasValue("source \"prices\", " + input.resolve("a.csv") + ", line 3");
                });
    }

    @Test
    void aNamedOperatorIsNamedAndAPrimaryKeyedRowIsFoundByItsKey() {
        Table<KeyedPrice> prices = Csv.read(input, KeyedPrice_.SCHEMA, CsvReadOptions.defaults().withStreaming(false)
                .withPersistentId("prices"));
        Table<WordCount> totals = prices.groupBy(KeyedPrice_.sku)
                .reduce(WordCount_.of(KeyedPrice_.sku, Reducers.sum(Exprs.apply(ValueTypes.LONG, KeyedPrice_.amount,
                        UserFunctionFailureTest::cents))))
                .named("totals");
        JsonLines.write(totals, dir.resolve("out.jsonl"));
        assertThatThrownBy(() -> Tideway.run(STATIC.withPersistence(PersistenceConfig.of(Backend.memory()))))
                .isInstanceOf(UserFunctionException.class)
                .hasMessageStartingWith("group-by#1 (named \"totals\") failed on the row with key ")
                .hasMessageContaining(": KeyedPrice[sku=ink, amount=1.005]; it came from source \"prices\", " + input.resolve("a.csv") + ", line 3")
                .hasCauseInstanceOf(ArithmeticException.class);
    }

    @Test
    void aRecordConstructorThatRefusesTheRowIsReportedLikeAUdf() throws Exception {
        Files.writeString(input.resolve("a.csv"), "sku,amount\npen,1.50\nrefund,-2.00\n");
        JsonLines.write(read().select(Cents_.of(Price_.sku, Exprs.apply(ValueTypes.LONG, Price_.amount, UserFunctionFailureTest::cents))),
                dir.resolve("out.jsonl"));
        assertThatThrownBy(() -> Tideway.run(STATIC))
                .isInstanceOf(UserFunctionException.class)
                .hasMessageContaining("Price[sku=refund, amount=-2.00]; it came from source \"prices\", " + input.resolve("a.csv") + ", line 3")
                .hasRootCauseMessage("cents must not be negative, not -200");
    }

    @Test
    void filterDeduplicateAndSubscribeCallbacksToo() {
        Table<Price> prices = read();
        JsonLines.write(prices.filter(Exprs.apply(ValueTypes.BOOLEAN, Price_.amount, a -> cents(a) > 0)), dir.resolve("f.jsonl"));
        assertThatThrownBy(() -> Tideway.run(STATIC))
                .isInstanceOf(UserFunctionException.class)
                .hasMessageStartingWith("filter#1 failed on the row with key ")
                .hasMessageContaining("a.csv, line 3");

        JsonLines.write(read().deduplicate(Price_.amount, (next, last) -> cents(next) > cents(last)), dir.resolve("d.jsonl"));
        assertThatThrownBy(() -> Tideway.run(STATIC))
                .isInstanceOf(UserFunctionException.class)
                .hasMessageStartingWith("deduplicate#1 failed on the row with key ")
                .hasMessageContaining("Price[sku=ink, amount=1.005]; it came from source \"prices\", " + input.resolve("a.csv") + ", line 3");

        Subscribe.subscribe(read(), (key, row, time, isAddition) -> cents(row.amount()));
        assertThatThrownBy(() -> Tideway.run(STATIC))
                .isInstanceOf(UserFunctionException.class)
                .hasMessageStartingWith("sink#1 (subscribe) failed on the row with key ")
                .hasMessageContaining("Price[sku=ink, amount=1.005]; it came from source \"prices\", " + input.resolve("a.csv") + ", line 3")
                .hasCauseInstanceOf(ArithmeticException.class);
    }
}
