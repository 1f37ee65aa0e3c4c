package dev.tideway.samples.persistence;

import static dev.tideway.JoinResult.left;
import static dev.tideway.JoinResult.right;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tideway.Decimals;
import dev.tideway.JoinOn;
import dev.tideway.Reducers;
import dev.tideway.Strings;
import dev.tideway.annotations.PrimaryKey;
import dev.tideway.annotations.Schema;
import dev.tideway.testing.Captured;
import dev.tideway.testing.PipelineTester;
import dev.tideway.testing.TestInput;
import java.math.BigDecimal;
import java.math.RoundingMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The API as a user's project sees it, with companions the processor generated: a select that keeps
 * the columns it does not change ({@code Foo_.columns().with(...)}), and a join's pairs filtered,
 * grouped and reduced by typed left/right columns without a record for the pairs.
 */
class JoinAndColumnsTest {
    @Schema
    record Order(@PrimaryKey String id, String customer, BigDecimal amount, String note) {}

    @Schema
    record Customer(@PrimaryKey String id, String country) {}

    @Schema
    record CountryTotal(String country, BigDecimal total, long orders) {}

    @AfterEach
    void detach() {
        dev.tideway.internal.engine.Graph.detachCurrent();
    }

    @Test
    void columnsWithChangesSomeColumnsAndKeepsTheOthers() {
        PipelineTester tester = new PipelineTester();
        TestInput<Order> orders = tester.input(JoinAndColumnsTest_Order_.SCHEMA);
        Captured<Order> cleaned = tester.capture(orders.table().select(JoinAndColumnsTest_Order_.columns()
                .with(JoinAndColumnsTest_Order_.amount, Decimals.setScale(JoinAndColumnsTest_Order_.amount, 2, RoundingMode.HALF_EVEN))
                .with(JoinAndColumnsTest_Order_.note, Strings.trim(JoinAndColumnsTest_Order_.note))));
        orders.insert(new Order("o1", "c1", new BigDecimal("10.005"), "  fragile "));
        tester.step();
        assertThat(cleaned.rows()).containsExactly(new Order("o1", "c1", new BigDecimal("10.00"), "fragile"));
    }

    @Test
    void aJoinsPairsAreFilteredGroupedAndReducedDirectly() {
        PipelineTester tester = new PipelineTester();
        TestInput<Order> orders = tester.input(JoinAndColumnsTest_Order_.SCHEMA);
        TestInput<Customer> customers = tester.input(JoinAndColumnsTest_Customer_.SCHEMA);
        Captured<CountryTotal> totals = tester.capture(orders.table()
                .join(customers.table(), JoinOn.of(JoinAndColumnsTest_Order_.customer, JoinAndColumnsTest_Customer_.id))
                .filter(left(JoinAndColumnsTest_Order_.amount).gt(BigDecimal.ONE))
                .groupBy(right(JoinAndColumnsTest_Customer_.country))
                .reduce(JoinAndColumnsTest_CountryTotal_.of(right(JoinAndColumnsTest_Customer_.country),
                        Reducers.sumDecimal(left(JoinAndColumnsTest_Order_.amount)), Reducers.count())));
        customers.insert(new Customer("c1", "NO"), new Customer("c2", "IT"), new Customer("c3", "NO"));
        orders.insert(new Order("o1", "c1", new BigDecimal("10.50"), ""), new Order("o2", "c3", new BigDecimal("4.50"), ""),
                new Order("o3", "c2", new BigDecimal("0.50"), ""), new Order("o4", "c2", new BigDecimal("2"), ""));
        tester.step();
        assertThat(totals.rows()).containsExactlyInAnyOrder(new CountryTotal("NO", new BigDecimal("15.00"), 2),
                new CountryTotal("IT", new BigDecimal("2"), 1));
        // a customer moves: both countries change, and nothing else
        customers.delete(new Customer("c3", "NO"));
        customers.insert(new Customer("c3", "IT"));
        tester.step();
        assertThat(totals.rows()).containsExactlyInAnyOrder(new CountryTotal("NO", new BigDecimal("10.50"), 1),
                new CountryTotal("IT", new BigDecimal("6.50"), 2));
    }
}
