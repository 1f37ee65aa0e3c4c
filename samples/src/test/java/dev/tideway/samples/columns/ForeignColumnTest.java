package dev.tideway.samples.columns;

import static dev.tideway.JoinResult.left;
import static dev.tideway.JoinResult.right;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tideway.CellUpdate;
import dev.tideway.Exprs;
import dev.tideway.JoinOn;
import dev.tideway.JoinResult;
import dev.tideway.Reducers;
import dev.tideway.Table;
import dev.tideway.samples.wordcount.Word;
import dev.tideway.samples.wordcount.WordCount;
import dev.tideway.samples.wordcount.WordCount_;
import dev.tideway.samples.wordcount.Word_;
import dev.tideway.testing.Captured;
import dev.tideway.testing.PipelineTester;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * A column of another table type-checks (an {@code Expr<String>} is an {@code Expr<String>}) but
 * cannot be read from these rows: every operator that takes expressions refuses it when it is built,
 * before any row is read, naming the operator, the column and the table.
 */
class ForeignColumnTest {
    private final PipelineTester tester = new PipelineTester();
    private final Table<Order> orders = tester.table(Order_.SCHEMA, new Order("o1", "c1", 5, List.of("pen")));
    private final Table<Customer> customers = tester.table(Customer_.SCHEMA, new Customer("c1", "US"));

    private static void refused(ThrowingCallable build, String message) {
        assertThatThrownBy(build).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void filterWithAColumnOfAnotherTable() {
        refused(() -> orders.filter(Customer_.country.eq("US")),
                "filter on Table<Order> uses column Customer_.country of Customer; use a column of Order, or join first");
    }

    @Test
    void aColumnDeepInsideAnExpression() {
        refused(() -> orders.filter(Exprs.and(Order_.amount.gt(1L), Exprs.startsWith(Exprs.upper(Customer_.country), "U"))),
                "filter on Table<Order> uses column Customer_.country of Customer; use a column of Order, or join first");
        refused(() -> orders.select(OrderView_.of(Order_.id, Exprs.apply(dev.tideway.schema.ValueTypes.STRING, Customer_.id, id -> id))),
                "select on Table<Order> uses column Customer_.id of Customer; use a column of Order, or join first");
    }

    @Test
    void groupByReduceDeduplicateAndWithIdFrom() {
        refused(() -> orders.groupBy(Customer_.country),
                "groupBy on Table<Order> uses column Customer_.country of Customer; use a column of Order, or join first");
        refused(() -> orders.groupBy(Order_.customerId).reduce(WordCount_.of(Order_.customerId, Reducers.sum(Exprs.length(Customer_.id)))),
                "groupBy(...).reduce on Table<Order> uses column Customer_.id of Customer; use a column of Order, or join first");
        refused(() -> orders.deduplicate(Customer_.country, (a, b) -> true),
                "deduplicate on Table<Order> uses column Customer_.country of Customer; use a column of Order, or join first");
        refused(() -> orders.deduplicate(Order_.amount, (a, b) -> true, Customer_.id),
                "deduplicate on Table<Order> uses column Customer_.id of Customer; use a column of Order, or join first");
        refused(() -> orders.withIdFrom(Customer_.id),
                "withIdFrom on Table<Order> uses column Customer_.id of Customer; use a column of Order, or join first");
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void flattenAndUpdateCellsBuiltAroundTheirTypedFactories() {
        Table raw = customers;
        refused(() -> raw.flatten(Order_.skus, Word_.SCHEMA, (row, sku) -> new Word((String) sku)),
                "flatten on Table<Customer> uses column Order_.skus of Order; use a column of Customer, or join first");
        refused(() -> orders.updateCells(customers, new CellUpdate<>(Order_.customerId, (dev.tideway.Column) Order_.id)),
                "updateCells of Table<Order> from Table<Customer>: a source uses column Order_.id of Order; CellUpdate.set takes a"
                        + " column of the updated table (Order) first, then one of the patch (Customer)");
    }

    @Test
    void joinConditionsOnTheWrongSides() {
        refused(() -> orders.join(customers, new JoinOn<>(Customer_.id, Order_.customerId)),
                "join of Table<Order> with Table<Customer>: the left side of condition 1 uses column Customer_.id of Customer;"
                        + " JoinOn.of takes a column of the left table (Order) first, then one of the right table (Customer)");
    }

    @Test
    void aJoinsSelectWithTheSidesSwapped() {
        JoinResult<Order, Customer> joined = orders.join(customers, JoinOn.of(Order_.customerId, Customer_.id));
        refused(() -> joined.select(OrderView_.of(left(Order_.id), left(Customer_.country))),
                "select on the pairs of Table<Order> joined with Table<Customer> uses JoinResult.left(Customer_.country), but the"
                        + " left side holds Order rows; read it with JoinResult.right(Customer_.country)");
        refused(() -> joined.select(OrderView_.of(right(Order_.id), right(Customer_.country))),
                "select on the pairs of Table<Order> joined with Table<Customer> uses JoinResult.right(Order_.id), but the right"
                        + " side holds Customer rows; read it with JoinResult.left(Order_.id)");
    }

    @Test
    void aJoinsSelectWithAPlainColumnOrAColumnOfNeitherSide() {
        JoinResult<Order, Customer> joined = orders.join(customers, JoinOn.of(Order_.customerId, Customer_.id));
        refused(() -> joined.select(OrderView_.of(Order_.id, right(Customer_.country))),
                "select on the pairs of Table<Order> joined with Table<Customer> uses column Order_.id without saying which side"
                        + " of the pairs it is read from; use JoinResult.left(Order_.id) or JoinResult.right(Order_.id)");
        refused(() -> joined.select(OrderView_.of(left(Order_.id), right(OrderView_.country))),
                "select on the pairs of Table<Order> joined with Table<Customer> uses JoinResult.right(OrderView_.country), but"
                        + " the right side holds Customer rows, and OrderView_.country is a column of OrderView, neither Order nor"
                        + " Customer");
    }

    @Test
    void aJoinSideOrAReducerOutsideWhereItHasAValue() {
        refused(() -> orders.filter(left(Order_.id).eq("o1")),
                "filter on Table<Order> uses JoinResult.left(Order_.id), which reads one side of a join's pairs; use Order_.id itself");
        refused(() -> orders.select(WordCount_.of(Order_.id, Reducers.count())),
                "select on Table<Order> uses count(), a reducer, which has a value only per group; use it inside"
                        + " groupBy(...).reduce(...)");
    }

    @Test
    void theRightColumnsBuildAndCompute() {
        Captured<OrderView> views = tester.capture(orders.filter(Order_.amount.gt(1L))
                .join(customers, JoinOn.of(Order_.customerId, Customer_.id))
                .select(OrderView_.of(left(Order_.id), right(Customer_.country))));
        Captured<WordCount> perCustomer = tester.capture(orders.groupBy(Order_.customerId)
                .reduce(WordCount_.of(Order_.customerId, Reducers.sum(Order_.amount))));
        tester.step();
        assertThat(views.rows()).containsExactly(new OrderView("o1", "US"));
        assertThat(perCustomer.rows()).containsExactly(new WordCount("c1", 5));
    }
}
