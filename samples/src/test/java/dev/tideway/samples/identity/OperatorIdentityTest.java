package dev.tideway.samples.identity;

import static dev.tideway.samples.identity.IdentityRows_Person_.city;
import static dev.tideway.samples.identity.IdentityRows_Person_.name;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tideway.Aggregator;
import dev.tideway.AsyncOptions;
import dev.tideway.AsyncUdf;
import dev.tideway.CellUpdate;
import dev.tideway.DateTimes;
import dev.tideway.Decimals;
import dev.tideway.Expr;
import dev.tideway.Exprs;
import dev.tideway.JoinKind;
import dev.tideway.JoinOn;
import dev.tideway.JoinResult;
import dev.tideway.Lookup;
import dev.tideway.Neighbors;
import dev.tideway.Neighbors_;
import dev.tideway.Pipeline;
import dev.tideway.Reducer;
import dev.tideway.Reducers;
import dev.tideway.Strings;
import dev.tideway.Table;
import dev.tideway.Window;
import dev.tideway.internal.engine.Graph;
import dev.tideway.internal.engine.Node;
import dev.tideway.internal.engine.SinkNode;
import dev.tideway.internal.engine.SourceNode;
import dev.tideway.internal.engine.identity.OperatorIdentity;
import dev.tideway.io.csv.Csv;
import dev.tideway.io.csv.CsvReadOptions;
import dev.tideway.io.file.FileWriteOptions;
import dev.tideway.samples.identity.IdentityRows.Person;
import dev.tideway.samples.identity.IdentityRows.Sale;
import dev.tideway.samples.identity.IdentityRows.Seen;
import dev.tideway.samples.identity.IdentityRows.Visit;
import dev.tideway.samples.identity.IdentityRows.Word;
import dev.tideway.schema.ValueTypes;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Operator identity is a function of canonical definitions: a change to any expression of an
 * operator (a select's, a filter's, the cells of updateCells, withIdFrom's keys, a flatten's column,
 * a window's length, a library function's constant, a reducer, a user aggregator's code, an async
 * UDF, a lookup, a sort's key) changes its identity and that of everything after it; an unchanged
 * pipeline keeps it, and a fixed pipeline's identity is a fixed string.
 */
class OperatorIdentityTest {
    private static final Path IN = Path.of("in");

    private static <T> Table<T> read(String id, dev.tideway.schema.RowSchema<T> schema) {
        return Csv.read(IN.resolve(id), schema, CsvReadOptions.defaults().withStreaming(false).withPersistentId(id));
    }

    /** Builds a pipeline with {@code build} and returns the identities of its nodes, the sinks' by file, and the pipeline's. */
    private static Map<String, String> identities(Consumer<Path> build) {
        try (Pipeline pipeline = Pipeline.create()) {
            build.accept(Path.of("out"));
            Graph graph = Graph.current();
            assertThat(pipeline).as("the tables were built into this pipeline's graph").isNotNull();
            for (SourceNode<?> source : graph.sources()) {
                source.assignPersistentId(source.explicitId());
            }
            Map<Node, String> identities = OperatorIdentity.of(graph);
            Map<String, String> bySink = new java.util.TreeMap<>();
            for (SinkNode<?> sink : graph.sinks()) {
                bySink.put(sink.connector().persistentName(), identities.get(sink));
            }
            bySink.put("pipeline", OperatorIdentity.pipeline(graph, identities));
            for (Node node : graph.nodes()) {
                bySink.put("definition " + node.index(), node.definition());
            }
            return bySink;
        }
    }

    private static FileWriteOptions id(String id) {
        return FileWriteOptions.defaults().withPersistentId(id);
    }

    private static void upperWords(Path out) {
        Table<Word> words = read("words", IdentityRows_Word_.SCHEMA);
        Csv.write(words.select(IdentityRows_Word_.of(Exprs.upper(IdentityRows_Word_.word))), out.resolve("w.csv"), id("w"));
    }

    @Test
    void anUnchangedPipelineKeepsItsIdentityAndAChangedSelectExpressionChangesIt() {
        assertThat(identities(OperatorIdentityTest::upperWords)).isEqualTo(identities(OperatorIdentityTest::upperWords));
        Map<String, String> lower = identities(out -> Csv.write(read("words", IdentityRows_Word_.SCHEMA)
                .select(IdentityRows_Word_.of(Exprs.lower(IdentityRows_Word_.word))), out.resolve("w.csv"), id("w")));
        assertThat(lower.get("output:w")).isNotEqualTo(identities(OperatorIdentityTest::upperWords).get("output:w"));
    }

    @Test
    void theIdentityOfAFixedPipelineIsAFixedString() {
        // If this fails, a refactoring changed the canonical definitions or the identity function: every
        // user's operators would be rebuilt at the next run. Keep the old identity, or add a new
        // OperatorIdentity.VERSION and say so in docs/state-format.md.
        Map<String, String> identities = identities(out -> {
            Table<Word> words = read("words", IdentityRows_Word_.SCHEMA);
            Table<Word> kept = words.filter(Exprs.length(IdentityRows_Word_.word).gt(2L))
                    .select(IdentityRows_Word_.of(Exprs.upper(Exprs.trim(IdentityRows_Word_.word))));
            Csv.write(kept.groupBy(IdentityRows_Word_.word).reduce(IdentityRows_Word_.of(IdentityRows_Word_.word)),
                    out.resolve("kept.csv"), id("kept"));
            Table<Person> people = read("people", IdentityRows_Person_.SCHEMA);
            Table<Visit> visits = read("visits", IdentityRows_Visit_.SCHEMA);
            Csv.write(people.join(visits, JoinKind.LEFT, JoinOn.of(IdentityRows_Person_.id, IdentityRows_Visit_.person))
                    .select(IdentityRows_Seen_.of(JoinResult.left(name), JoinResult.right(IdentityRows_Visit_.place))),
                    out.resolve("seen.csv"), id("seen"));
        });
        assertThat(identities).containsAllEntriesOf(Map.of(
                "output:kept", "i1-e78e2e69263464bc",
                "output:seen", "i1-a73841bd2f67f999",
                "pipeline", "i1-be967b7e480d21ec"));
        // the canonical definitions they are computed from, so that a failure shows what changed
        assertThat(identities).containsAllEntriesOf(Map.of(
                "definition 1", "filter{predicate=>:boolean(length:long($word:string),lit[\"2\"]:long())}",
                "definition 2", "select{fields=[upper:string(trim:string($word:string))];into=(word string)}",
                "definition 3", "group-by{keys=[$word:string];fields=[$word:string];into=(word string)}",
                "definition 4", "sink{connector=csv{output=\"output:kept\";time=\"time\";diff=\"diff\"};rows=(word string)}",
                "definition 7", "join-left{left=(id string key, name string, city string);right=(person string, place string, at long);"
                        + "on=[$id:string]=[$person:string]}",
                "definition 8", "select{fields=[left.$name:string,right.$place:string];into=(name string, place string)}"));
    }

    private static String sinkOf(Consumer<Path> build) {
        return identities(build).get("output:o");
    }

    @Test
    void everyExpressionOfAnOperatorIsPartOfItsIdentity() {
        List<List<String>> pairs = List.of(
                // a select over a join
                List.of(sinkOf(out -> seen(out, JoinResult.left(name))), sinkOf(out -> seen(out, JoinResult.left(city)))),
                // the cells updateCells sets
                List.of(sinkOf(out -> patched(out, CellUpdate.set(name, IdentityRows_Rename_.name))),
                        sinkOf(out -> patched(out, CellUpdate.set(city, IdentityRows_Rename_.city)))),
                // withIdFrom's keys, before a stateful operator
                List.of(sinkOf(out -> rekeyed(out, name)), sinkOf(out -> rekeyed(out, city))),
                // a filter's predicate
                List.of(sinkOf(out -> filtered(out, "a")), sinkOf(out -> filtered(out, "b"))),
                // a window's length
                List.of(sinkOf(out -> windowed(out, 10)), sinkOf(out -> windowed(out, 20))),
                // a flatten's list column
                List.of(sinkOf(out -> flattened(out, true)), sinkOf(out -> flattened(out, false))),
                // a constant
                List.of(sinkOf(out -> filtered(out, "x)")), sinkOf(out -> filtered(out, "x\\\")"))));
        for (List<String> pair : pairs) {
            assertThat(pair.get(0)).as("identities of two definitions").isNotEqualTo(pair.get(1)).startsWith("i1-");
        }
    }

    private static void seen(Path out, dev.tideway.Expr<String> who) {
        Csv.write(read("people", IdentityRows_Person_.SCHEMA).join(read("visits", IdentityRows_Visit_.SCHEMA),
                JoinOn.of(IdentityRows_Person_.id, IdentityRows_Visit_.person))
                .select(IdentityRows_Seen_.of(who, JoinResult.right(IdentityRows_Visit_.place))), out.resolve("o.csv"), id("o"));
    }

    private static void patched(Path out, CellUpdate<Person, IdentityRows.Rename> cell) {
        Csv.write(read("people", IdentityRows_Person_.SCHEMA).updateCells(read("renames", IdentityRows_Rename_.SCHEMA), cell),
                out.resolve("o.csv"), id("o"));
    }

    private static void rekeyed(Path out, dev.tideway.Expr<String> key) {
        Table<Person> people = read("people", IdentityRows_Person_.SCHEMA);
        Csv.write(people.withIdFrom(key).updateRows(people.withIdFrom(IdentityRows_Person_.id)), out.resolve("o.csv"), id("o"));
    }

    private static void filtered(Path out, String prefix) {
        Csv.write(read("people", IdentityRows_Person_.SCHEMA).filter(Exprs.startsWith(name, prefix)), out.resolve("o.csv"), id("o"));
    }

    private static void windowed(Path out, long length) {
        var windows = read("visits", IdentityRows_Visit_.SCHEMA).windowBy(Window.tumbling(length), IdentityRows_Visit_.at,
                IdentityRows_Visit_.place);
        Csv.write(windows.reduce(IdentityRows_PlaceCount_.of(IdentityRows_Visit_.place, Reducers.count())),
                out.resolve("o.csv"), id("o"));
    }

    private static void flattened(Path out, boolean first) {
        Table<IdentityRows.Sentence> sentences = read("sentences", IdentityRows_Sentence_.SCHEMA);
        Table<Word> words = first
                ? sentences.flatten(IdentityRows_Sentence_.words, IdentityRows_Word_.SCHEMA, (row, word) -> new Word(word))
                : sentences.flatten(IdentityRows_Sentence_.tags, IdentityRows_Word_.SCHEMA, (row, word) -> new Word(word));
        Csv.write(words.groupBy(IdentityRows_Word_.word).reduce(IdentityRows_Word_.of(IdentityRows_Word_.word)),
                out.resolve("o.csv"), id("o"));
    }

    @Test
    void aUdfsVersionReplacesItsCodeInItsIdentity() {
        Map<String, String> v1 = identities(out -> udf(out, "1"));
        assertThat(identities(out -> udf(out, "1"))).isEqualTo(v1);
        assertThat(identities(out -> udf(out, "2")).get("output:o")).isNotEqualTo(v1.get("output:o"));
    }

    private static void udf(Path out, String version) {
        Csv.write(read("people", IdentityRows_Person_.SCHEMA).filter(Exprs.apply(ValueTypes.BOOLEAN, name, n -> n.length() > 2)
                .version(version)), out.resolve("o.csv"), id("o"));
    }

    // ---- the expression library, reducers, async UDFs, lookups and sort ----

    private static Table<Sale> sales() {
        return read("sales", IdentityRows_Sale_.SCHEMA);
    }

    /** A pipeline of every operator and expression kind the expression library added, its UDFs versioned (no bytecode in it). */
    private static void library(Path out) {
        Table<Sale> sales = sales();
        Csv.write(sales.groupBy(IdentityRows_Sale_.shop).reduce(IdentityRows_ShopStats_.of(IdentityRows_Sale_.shop,
                Reducers.argMin(IdentityRows_Sale_.cents), Reducers.argMax(IdentityRows_Sale_.cents, IdentityRows_Sale_.customer),
                Reducers.latestBy(IdentityRows_Sale_.at, IdentityRows_Sale_.customer), Reducers.any(IdentityRows_Sale_.customer),
                Reducers.unique(IdentityRows_Sale_.shop), Reducers.tuple(IdentityRows_Sale_.customer),
                Reducers.countDistinctApproximate(IdentityRows_Sale_.customer, 10), Reducers.max(IdentityRows_Sale_.customer))),
                out.resolve("stats.csv"), id("stats"));
        Csv.write(sales.select(IdentityRows_Line_.of(IdentityRows_Sale_.id, Strings.concat(
                Strings.padStart(IdentityRows_Sale_.customer, 8, '.'),
                DateTimes.format(IdentityRows_Sale_.at, "yyyy-MM", ZoneId.of("Europe/Paris")),
                Exprs.apply(ValueTypes.STRING, IdentityRows_Sale_.shop, IdentityRows_Sale_.cents,
                        Decimals.divide(IdentityRows_Sale_.amount, Exprs.lit(new BigDecimal("3"), ValueTypes.BIG_DECIMAL), 2,
                                RoundingMode.HALF_UP), (shop, cents, third) -> shop + cents + third).version("1")))),
                out.resolve("lines.csv"), id("lines"));
        Csv.write(sales.select(IdentityRows_Line_.of(IdentityRows_Sale_.id, AsyncUdf.apply("greet", ValueTypes.STRING,
                IdentityRows_Sale_.customer, customer -> CompletableFuture.completedFuture("hi " + customer), AsyncOptions.defaults())
                .version("1"))), out.resolve("greetings.csv"), id("greetings"));
        Table<Neighbors> sorted = sales.sort(IdentityRows_Sale_.cents, IdentityRows_Sale_.shop);
        Csv.write(sorted.select(IdentityRows_PrevCents_.of(Exprs.coalesce(sales.ix(Neighbors_.prev, true).get(IdentityRows_Sale_.cents),
                Exprs.lit(-1L)), sales.ix(Neighbors_.key).get(IdentityRows_Sale_.cents))), out.resolve("prev.csv"), id("prev"));
    }

    @Test
    void theIdentityOfAFixedPipelineOfTheExpressionLibraryIsAFixedString() {
        assertThat(identities(OperatorIdentityTest::library)).isEqualTo(identities(OperatorIdentityTest::library));
        Map<String, String> identities = identities(OperatorIdentityTest::library);
        assertThat(identities).containsAllEntriesOf(Map.of(
                "output:stats", "i1-a864ec493949706e",
                "output:lines", "i1-a556ab2c968f5562",
                "output:greetings", "i1-891cea0f542540b1",
                "output:prev", "i1-c2f2ca83536de60a",
                "pipeline", "i1-6a9760c03b1c2aa3"));
        String sale = "(id string key, shop string, customer string, cents long, amount decimal, at instant)";
        assertThat(identities).containsAllEntriesOf(Map.of(
                "definition 1", "group-by{keys=[$shop:string];fields=[$shop:string,reduce-argMin:long($cents:long),"
                        + "reduce-argMax:string($cents:long,$customer:string),reduce-latestBy:string($at:instant,$customer:string),"
                        + "reduce-any:string($customer:string),reduce-unique:string($shop:string),reduce-tuple:list<string>($customer:string),"
                        + "reduce-countDistinctApproximate[10]:long($customer:string),reduce-max:string($customer:string)];"
                        + "into=(shop string, cheapestRow long, priciest string, last string, someone string, uniqueShop string,"
                        + " customers list<string>, distinct long, longest string)}",
                "definition 3", "select{fields=[$id:string,strings.concat:nullable<string>(strings.padStart[8,\".\"]:nullable<string>"
                        + "($customer:string),datetimes.format[\"yyyy-MM\",zone\"Europe/Paris\"]:nullable<string>($at:instant),"
                        + "udf[version:\"1\"]:string($shop:string,$cents:long,decimals.divide[2,RoundingMode.HALF_UP]:nullable<decimal>"
                        + "($amount:decimal,lit[\"3\"]:decimal())))];into=(id string, text string)}",
                "definition 5", "select-async{fields=[$id:string,udf-async[version:\"1\"]:string(async[\"greet\"]:string($customer:string))];"
                        + "into=(id string, text string)}",
                "definition 7", "sort{key=$cents:long;instance=[$shop:string]}",
                "definition 8", "select-lookup{from=(key long, prev nullable<long>, next nullable<long>);"
                        + "lookups=[lookup[input1,ix,optional]" + sale + ",lookup[input1,ix]" + sale + "];"
                        + "fields=[coalesce:long(lookup[input1,ix,optional,$cents:long]:long($prev:nullable<long>),lit[\"-1\"]:long()),"
                        + "lookup[input1,ix,$cents:long]:long($key:long)];into=(prev long, cents long)}"));
    }

    @Test
    void everyPartOfALibraryExpressionReducerLookupAndSortIsPartOfItsIdentity() {
        List<List<String>> pairs = List.of(
                // library functions and their constants
                List.of(line(Strings.upper(IdentityRows_Sale_.customer)), line(Strings.lower(IdentityRows_Sale_.customer))),
                List.of(line(Strings.padStart(IdentityRows_Sale_.customer, 8, '.')), line(Strings.padStart(IdentityRows_Sale_.customer, 8, '-'))),
                List.of(line(Strings.padStart(IdentityRows_Sale_.customer, 8, '.')), line(Strings.padStart(IdentityRows_Sale_.customer, 9, '.'))),
                List.of(line(Strings.replace(IdentityRows_Sale_.customer, "a", "b")), line(Strings.replace(IdentityRows_Sale_.customer, "a", "c"))),
                List.of(line(DateTimes.format(IdentityRows_Sale_.at, "yyyy", ZoneId.of("UTC"))),
                        line(DateTimes.format(IdentityRows_Sale_.at, "yyyy", ZoneId.of("Europe/Paris")))),
                List.of(line(Exprs.coalesce(Strings.parseDecimal(IdentityRows_Sale_.customer), IdentityRows_Sale_.amount), RoundingMode.HALF_UP),
                        line(Exprs.coalesce(Strings.parseDecimal(IdentityRows_Sale_.customer), IdentityRows_Sale_.amount), RoundingMode.HALF_EVEN)),
                // UDFs of three arguments and async UDFs: their versions, an async UDF's name
                List.of(line(threeArguments("1")), line(threeArguments("2"))),
                List.of(line(greet("greet", "1")), line(greet("greet", "2"))),
                List.of(line(greet("greet", "1")), line(greet("hello", "1"))),
                // reducers: the function, a constant, a user aggregator's name and code
                List.of(reduced(Reducers.argMin(IdentityRows_Sale_.customer)), reduced(Reducers.argMax(IdentityRows_Sale_.customer))),
                List.of(reduced(Reducers.countDistinctApproximate(IdentityRows_Sale_.customer, 10)),
                        reduced(Reducers.countDistinctApproximate(IdentityRows_Sale_.customer, 11))),
                List.of(reduced(Reducers.aggregate("pick", ValueTypes.LONG, IdentityRows_Sale_.customer, new Longest())),
                        reduced(Reducers.aggregate("pick", ValueTypes.LONG, IdentityRows_Sale_.customer, new Shortest()))),
                List.of(reduced(Reducers.aggregate("pick", ValueTypes.LONG, IdentityRows_Sale_.customer, new Longest())),
                        reduced(Reducers.aggregate("longest", ValueTypes.LONG, IdentityRows_Sale_.customer, new Longest()))),
                // sort: its key, its instance
                List.of(sinkOf(out -> sorted(out, IdentityRows_Sale_.cents, IdentityRows_Sale_.shop)),
                        sinkOf(out -> sorted(out, IdentityRows_Sale_.at, IdentityRows_Sale_.shop))),
                List.of(sinkOf(out -> sorted(out, IdentityRows_Sale_.cents, IdentityRows_Sale_.shop)),
                        sinkOf(out -> sorted(out, IdentityRows_Sale_.cents, IdentityRows_Sale_.customer))),
                // ix: the key, optional or not, the column read, and which table each column is read from
                List.of(sinkOf(out -> lookedUp(out, Neighbors_.prev, true)), sinkOf(out -> lookedUp(out, Neighbors_.next, true))),
                List.of(sinkOf(out -> lookedUp(out, Neighbors_.prev, true)), sinkOf(out -> lookedUp(out, Neighbors_.prev, false))),
                List.of(sinkOf(out -> twoTables(out, true)), sinkOf(out -> twoTables(out, false))));
        for (List<String> pair : pairs) {
            assertThat(pair.get(0)).as("identities of two definitions").isNotEqualTo(pair.get(1)).startsWith("i1-");
        }
    }

    private static String line(Expr<?> text) {
        return sinkOf(out -> Csv.write(sales().select(IdentityRows_Line_.of(IdentityRows_Sale_.id,
                Exprs.apply(ValueTypes.STRING, text, String::valueOf).version("1"))), out.resolve("o.csv"), id("o")));
    }

    private static String line(Expr<BigDecimal> amount, RoundingMode rounding) {
        return line(Decimals.divide(amount, amount, 2, rounding));
    }

    private static Expr<String> threeArguments(String version) {
        return Exprs.apply(ValueTypes.STRING, IdentityRows_Sale_.shop, IdentityRows_Sale_.customer, IdentityRows_Sale_.cents,
                (shop, customer, cents) -> shop + customer + cents).version(version);
    }

    private static Expr<String> greet(String name, String version) {
        return AsyncUdf.apply(name, ValueTypes.STRING, IdentityRows_Sale_.customer,
                customer -> CompletableFuture.completedFuture("hi " + customer), AsyncOptions.defaults()).version(version);
    }

    private static String reduced(Reducer<Long> reducer) {
        return sinkOf(out -> Csv.write(sales().groupBy(IdentityRows_Sale_.shop).reduce(IdentityRows_PlaceCount_.of(IdentityRows_Sale_.shop,
                reducer)), out.resolve("o.csv"), id("o")));
    }

    private static void sorted(Path out, Expr<?> key, Expr<?> instance) {
        Csv.write(sales().sort(key, instance).select(IdentityRows_PrevCents_.of(Exprs.coalesce(Neighbors_.prev, Exprs.lit(-1L)),
                Neighbors_.key)), out.resolve("o.csv"), id("o"));
    }

    private static void lookedUp(Path out, dev.tideway.Column<Neighbors, Long> key, boolean optional) {
        Table<Sale> sales = sales();
        Csv.write(sales.sort(IdentityRows_Sale_.cents).select(IdentityRows_PrevCents_.of(Exprs.coalesce(
                sales.ix(key, optional).get(IdentityRows_Sale_.cents), Exprs.lit(-1L)), Neighbors_.key)), out.resolve("o.csv"), id("o"));
    }

    /**
     * Two lookups written alike (same key, same column) into two tables of one schema: the third
     * field reads the first table, or the second. Only the input each lookup reads tells them apart.
     */
    private static void twoTables(Path out, boolean thirdFromFirst) {
        Table<Sale> sales = sales();
        Lookup<Sale> first = sales.ix(Neighbors_.key);
        Lookup<Sale> second = read("other-sales", IdentityRows_Sale_.SCHEMA).ix(Neighbors_.key);
        Csv.write(sales.sort(IdentityRows_Sale_.cents).select(IdentityRows_Triple_.of(first.get(IdentityRows_Sale_.cents),
                second.get(IdentityRows_Sale_.cents), (thirdFromFirst ? first : second).get(IdentityRows_Sale_.cents))),
                out.resolve("o.csv"), id("o"));
    }

    /** The number of characters of the longest value: an add-only user aggregator. */
    private static final class Longest implements Aggregator<String, long[], Long> {
        @Override
        public long[] create() {
            return new long[1];
        }

        @Override
        public long[] add(long[] state, String value) {
            state[0] = Math.max(state[0], value == null ? 0 : value.length());
            return state;
        }

        @Override
        public Long result(long[] state) {
            return state[0];
        }
    }

    /** The same shape, another computation. */
    private static final class Shortest implements Aggregator<String, long[], Long> {
        @Override
        public long[] create() {
            return new long[] {Long.MAX_VALUE};
        }

        @Override
        public long[] add(long[] state, String value) {
            state[0] = Math.min(state[0], value == null ? 0 : value.length());
            return state;
        }

        @Override
        public Long result(long[] state) {
            return state[0];
        }
    }
}
