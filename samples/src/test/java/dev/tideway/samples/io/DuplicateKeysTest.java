package dev.tideway.samples.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tideway.DuplicateKeyPolicy;
import dev.tideway.JoinOn;
import dev.tideway.JoinResult;
import dev.tideway.Reducers;
import dev.tideway.RunConfig;
import dev.tideway.Table;
import dev.tideway.Tideway;
import dev.tideway.InputException;
import dev.tideway.io.csv.Csv;
import dev.tideway.io.csv.CsvReadOptions;
import dev.tideway.io.file.BadRow;
import dev.tideway.io.file.BadRowPolicy;
import dev.tideway.io.push.PushSource;
import dev.tideway.io.subscribe.Subscribe;
import dev.tideway.persistence.Backend;
import dev.tideway.persistence.PersistenceConfig;
import dev.tideway.samples.io.Words.CountryOrders;
import dev.tideway.samples.io.Words.Customer;
import dev.tideway.samples.io.Words.Order;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A customers table keyed by {@code customer_id} holds one row per key: a second row with a key is a
 * bad row (stop, or skip and report) unless the source upserts; in one file, across files of the
 * source, and across runs. A source declared append-only keeps no keys: it holds one file to the rule.
 */
class DuplicateKeysTest {
    private static final String HEADER = "customer_id,name,country\n";

    @TempDir
    Path work;

    private final List<String> customers = new CopyOnWriteArrayList<>();
    private final List<String> countries = new CopyOnWriteArrayList<>();
    private final List<BadRow> reported = new ArrayList<>();

    @Test
    void underStopADuplicateKeyStopsTheRunNamingTheKeyAndBothPlaces() throws Exception {
        Path file = write("customers/customers.csv", HEADER + "c1,Ada,GB\nc2,Bob,US\nc1,Ada Again,FR\n");
        build(CsvReadOptions.defaults());

        assertThatThrownBy(this::runStatically)
                .isInstanceOf(InputException.class)
                .hasMessage("file " + file + ", line 4, column customer_id: duplicate primary key: " + file + ", line 2 holds a"
                        + " row with this key already. Remove one of the two rows, or read with DuplicateKeyPolicy.UPSERT to let"
                        + " the later row replace the earlier; value \"c1\". Fix the row, or read with the bad-row policy SKIP to"
                        + " skip and report such rows.");
        assertThat(countries).as("nothing of the failed batch is written").isEmpty();
    }

    @Test
    void underSkipTheLaterRowIsReportedAndSkippedAndEachOrderCountedOnce() throws Exception {
        Path file = write("customers/customers.csv", HEADER + "c1,Ada,GB\nc2,Bob,US\nc1,Ada Again,FR\n");
        write("orders/orders.csv", "order_id,customer_id\no1,c1\no2,c1\no3,c2\n");
        build(skipping());
        runStatically();

        assertThat(countries).containsExactlyInAnyOrder("+ CountryOrders[country=GB, orders=2]", "+ CountryOrders[country=US, orders=1]");
        assertThat(reported).singleElement().satisfies(row -> {
            assertThat(row.file()).isEqualTo(file.toString());
            assertThat(row.line()).isEqualTo(4);
            assertThat(row.columnName()).isEqualTo("customer_id");
            assertThat(row.value()).isEqualTo("c1");
            assertThat(row.problem()).startsWith("duplicate primary key: " + file + ", line 2 holds a row with this key already");
        });
    }

    @Test
    void upsertLetsTheLaterRowReplaceTheEarlier() throws Exception {
        write("customers/customers.csv", HEADER + "c1,Ada,GB\nc2,Bob,US\nc1,Ada Again,FR\n");
        write("orders/orders.csv", "order_id,customer_id\no1,c1\no2,c1\no3,c2\n");
        build(CsvReadOptions.defaults().withDuplicateKeys(DuplicateKeyPolicy.UPSERT));
        runStatically();

        assertThat(consolidate(customers)).containsExactlyInAnyOrder(
                "Customer[customer_id=c1, name=Ada Again, country=FR]", "Customer[customer_id=c2, name=Bob, country=US]");
        assertThat(consolidate(countries)).containsExactlyInAnyOrder(
                "CountryOrders[country=FR, orders=2]", "CountryOrders[country=US, orders=1]");
    }

    @Test
    void twoFilesOfOneSourceAreHeldToTheSameRule() throws Exception {
        Path a = write("customers/a.csv", HEADER + "c1,Ada,GB\n");
        Path b = write("customers/b.csv", HEADER + "c2,Bob,US\nc1,Ada Again,FR\n");
        build(CsvReadOptions.defaults());

        assertThatThrownBy(this::runStatically)
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("file " + b + ", line 3, column customer_id: duplicate primary key: " + a + ", line 2 holds");
    }

    @Test
    void aLaterRunIsHeldToTheSameRuleByTheState() throws Exception {
        Path a = write("customers/a.csv", HEADER + "c1,Ada,GB\n");
        build(CsvReadOptions.defaults());
        runPersisted();
        assertThat(customers).containsExactly("+ Customer[customer_id=c1, name=Ada, country=GB]");

        Path b = write("customers/b.csv", HEADER + "c1,Ada Again,FR\n");
        reset();
        build(CsvReadOptions.defaults());
        assertThatThrownBy(this::runPersisted)
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("file " + b + ", line 2, column customer_id: duplicate primary key: " + a + ", line 2 holds");

        reset();
        build(skipping());
        runPersisted();
        assertThat(customers).isEmpty();
        assertThat(reported).extracting(BadRow::file, BadRow::line).containsExactly(org.assertj.core.groups.Tuple.tuple(b.toString(), 2L));

        reset();
        build(CsvReadOptions.defaults().withDuplicateKeys(DuplicateKeyPolicy.UPSERT));
        runPersisted();
        assertThat(customers).containsExactlyInAnyOrder("- Customer[customer_id=c1, name=Ada, country=GB]",
                "+ Customer[customer_id=c1, name=Ada Again, country=FR]");
    }

    @Test
    void aKeyMovingFromOneFileToAnotherInOnePollIsNoDuplicate() throws Exception {
        write("customers/z.csv", HEADER + "c1,Ada,GB\n");
        build(CsvReadOptions.defaults());
        runPersisted();

        // b.csv is read before z.csv, which no longer holds c1 once it is read too
        write("customers/b.csv", HEADER + "c1,Ada,FR\n");
        write("customers/z.csv", HEADER + "c2,Bob,US\n");
        reset();
        build(CsvReadOptions.defaults());
        runPersisted();
        assertThat(customers).containsExactlyInAnyOrder("- Customer[customer_id=c1, name=Ada, country=GB]",
                "+ Customer[customer_id=c1, name=Ada, country=FR]", "+ Customer[customer_id=c2, name=Bob, country=US]");
    }

    @Test
    void whenTheRowShownGoesTheSkippedRowTakesItsPlace() throws Exception {
        write("customers/a.csv", HEADER + "c1,Ada,GB\n");
        write("customers/b.csv", HEADER + "c1,Ada Again,FR\n");
        build(skipping());
        runPersisted();
        assertThat(customers).containsExactly("+ Customer[customer_id=c1, name=Ada, country=GB]");

        Files.delete(work.resolve("customers/a.csv"));
        reset();
        build(skipping());
        runPersisted();
        assertThat(customers).containsExactly("- Customer[customer_id=c1, name=Ada, country=GB]",
                "+ Customer[customer_id=c1, name=Ada Again, country=FR]");
        assertThat(reported).as("b.csv was reported when read, not again").isEmpty();
    }

    @Test
    void aStateWrittenUnderUpsertShowsWhatRejectChoosesOnceReadUnderReject() throws Exception {
        write("customers/a.csv", HEADER + "c1,Ada,GB\n");
        write("customers/b.csv", HEADER + "c1,Ada Again,FR\n");
        build(CsvReadOptions.defaults().withDuplicateKeys(DuplicateKeyPolicy.UPSERT));
        runPersisted();
        assertThat(consolidate(customers)).containsExactly("Customer[customer_id=c1, name=Ada Again, country=FR]");

        reset();
        build(skipping());
        runPersisted();
        assertThat(customers).containsExactlyInAnyOrder("- Customer[customer_id=c1, name=Ada Again, country=FR]",
                "+ Customer[customer_id=c1, name=Ada, country=GB]");
    }

    @Test
    void aPushSourceRefusesASecondRowWithAKeyUnlessItUpserts() throws Exception {
        PushSource<Customer> pushed = PushSource.create(Words_Customer_.SCHEMA, "customers");
        Subscribe.subscribe(pushed.table(), (key, row, time, addition) -> customers.add((addition ? "+ " : "- ") + row));
        pushed.insert(new Customer("c1", "Ada", "GB"));
        pushed.insert(new Customer("c1", "Ada Again", "FR"));
        pushed.close();
        assertThatThrownBy(() -> Tideway.run(RunConfig.defaults().withHandleSignals(false)))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("cannot insert Customer[customer_id=c1, name=Ada Again, country=FR]: its primary key is"
                        + " held by Customer[customer_id=c1, name=Ada, country=GB]")
                .hasMessageContaining("DuplicateKeyPolicy.UPSERT");

        customers.clear();
        PushSource<Customer> upserting = PushSource.create(Words_Customer_.SCHEMA, "customers", DuplicateKeyPolicy.UPSERT);
        Subscribe.subscribe(upserting.table(), (key, row, time, addition) -> customers.add((addition ? "+ " : "- ") + row));
        upserting.insert(new Customer("c1", "Ada", "GB"));
        upserting.insert(new Customer("c1", "Ada Again", "FR"));
        upserting.close();
        Tideway.run(RunConfig.defaults().withHandleSignals(false));
        assertThat(consolidate(customers)).containsExactly("Customer[customer_id=c1, name=Ada Again, country=FR]");
    }

    @Test
    void anAppendOnlySourceHoldsTheRowsOfOneFileToThePolicy() throws Exception {
        Path file = write("customers/customers.csv", HEADER + "c1,Ada,GB\nc2,Bob,US\nc1,Ada Again,FR\n");
        buildAppendOnly(CsvReadOptions.defaults());
        assertThatThrownBy(this::runStatically)
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("file " + file + ", line 4, column customer_id: duplicate primary key: " + file
                        + ", line 2 holds a row with this key already");

        reset();
        buildAppendOnly(CsvReadOptions.defaults().withDuplicateKeys(DuplicateKeyPolicy.UPSERT));
        runStatically();
        assertThat(customers).as("only the row shown is inserted: an append-only source cannot retract").containsExactlyInAnyOrder(
                "+ Customer[customer_id=c1, name=Ada Again, country=FR]", "+ Customer[customer_id=c2, name=Bob, country=US]");
    }

    @Test
    void anAppendOnlySourceKeepsNoKeysSoAKeyRepeatedInALaterFileIsAddedBesideTheEarlierRow() throws Exception {
        write("customers/a.csv", HEADER + "c1,Ada,GB\n");
        buildAppendOnly(CsvReadOptions.defaults());
        runPersisted();
        assertThat(customers).containsExactly("+ Customer[customer_id=c1, name=Ada, country=GB]");

        write("customers/b.csv", HEADER + "c1,Ada Again,FR\n");
        reset();
        buildAppendOnly(CsvReadOptions.defaults());
        runPersisted();
        assertThat(customers).as("the earlier row's key was not kept: the later row is not seen as a duplicate")
                .containsExactly("+ Customer[customer_id=c1, name=Ada Again, country=FR]");
        assertThat(reported).isEmpty();
    }

    // ---- helpers ----

    private CsvReadOptions skipping() {
        return CsvReadOptions.defaults().withBadRows(BadRowPolicy.SKIP).withBadRowConsumer(reported::add);
    }

    /** Customers read with {@code options}, and orders per country: each order joined to its customer. */
    private void build(CsvReadOptions options) throws IOException {
        Table<Customer> people = Csv.read(work.resolve("customers"), Words_Customer_.SCHEMA,
                options.withStreaming(false).withPersistentId("customers"));
        Subscribe.subscribe(people, (key, row, time, addition) -> customers.add((addition ? "+ " : "- ") + row));
        Files.createDirectories(work.resolve("orders"));
        Table<Order> orders = Csv.read(work.resolve("orders"), Words_Order_.SCHEMA,
                CsvReadOptions.defaults().withStreaming(false).withPersistentId("orders"));
        Table<CountryOrders> perCountry = orders.join(people, JoinOn.of(Words_Order_.customer_id, Words_Customer_.customer_id))
                .select(Words_OrderCountry_.of(JoinResult.left(Words_Order_.order_id), JoinResult.right(Words_Customer_.country)))
                .groupBy(Words_OrderCountry_.country)
                .reduce(Words_CountryOrders_.of(Words_OrderCountry_.country, Reducers.count()));
        Subscribe.subscribe(perCountry, (key, row, time, addition) -> countries.add((addition ? "+ " : "- ") + row));
    }

    /** Customers read with {@code options} from a source declared append-only. */
    private void buildAppendOnly(CsvReadOptions options) {
        Table<Customer> people = Csv.read(work.resolve("customers"), Words_Customer_.SCHEMA,
                options.withStreaming(false).withPersistentId("customers")).appendOnly();
        Subscribe.subscribe(people, (key, row, time, addition) -> customers.add((addition ? "+ " : "- ") + row));
    }

    private void runStatically() throws Exception {
        Tideway.run(RunConfig.defaults().withHandleSignals(false));
    }

    private void runPersisted() throws Exception {
        Tideway.run(RunConfig.defaults().withHandleSignals(false)
                .withPersistence(PersistenceConfig.of(Backend.filesystem(work.resolve("state")))));
    }

    private void reset() {
        customers.clear();
        countries.clear();
        reported.clear();
    }

    /** The rows that "+ row" and "- row" changes add up to. */
    private static List<String> consolidate(List<String> changes) {
        List<String> rows = new ArrayList<>();
        for (String change : changes) {
            if (change.startsWith("+ ")) {
                rows.add(change.substring(2));
            } else {
                assertThat(rows.remove(change.substring(2))).as("retraction of a row held: " + change).isTrue();
            }
        }
        return rows;
    }

    private Path write(String name, String text) throws IOException {
        Path file = work.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }
}
