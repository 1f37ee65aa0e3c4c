package dev.tideway.samples.identity;

import static dev.tideway.samples.identity.IdentityRows_Person_.city;
import static dev.tideway.samples.identity.IdentityRows_Person_.name;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tideway.CellUpdate;
import dev.tideway.Exprs;
import dev.tideway.JoinKind;
import dev.tideway.JoinOn;
import dev.tideway.JoinResult;
import dev.tideway.Pipeline;
import dev.tideway.Reducers;
import dev.tideway.Table;
import dev.tideway.Window;
import dev.tideway.engine.Graph;
import dev.tideway.engine.Node;
import dev.tideway.engine.SinkNode;
import dev.tideway.engine.SourceNode;
import dev.tideway.engine.identity.OperatorIdentity;
import dev.tideway.io.csv.Csv;
import dev.tideway.io.csv.CsvReadOptions;
import dev.tideway.io.file.FileWriteOptions;
import dev.tideway.samples.identity.IdentityRows.Person;
import dev.tideway.samples.identity.IdentityRows.Seen;
import dev.tideway.samples.identity.IdentityRows.Visit;
import dev.tideway.samples.identity.IdentityRows.Word;
import dev.tideway.schema.ValueTypes;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Operator identity is a function of canonical definitions: a change to any expression of an
 * operator (a select's, a filter's, the cells of updateCells, withIdFrom's keys, a flatten's column,
 * a window's length) changes its identity and that of everything after it; an unchanged pipeline
 * keeps it, and a fixed pipeline's identity is a fixed string.
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
}
