package dev.tideway.internal.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tideway.RunConfig;
import dev.tideway.Tideway;
import dev.tideway.internal.engine.Graph;
import dev.tideway.InputException;
import dev.tideway.io.Person;
import dev.tideway.io.Person_;
import dev.tideway.io.RecordingUnits;
import dev.tideway.io.csv.CsvReadOptions;
import dev.tideway.io.file.BadRow;
import dev.tideway.io.file.BadRowPolicy;
import dev.tideway.io.file.FileReadOptions;
import dev.tideway.io.jsonlines.JsonLines;
import dev.tideway.io.subscribe.Subscribe;
import dev.tideway.persistence.Backend;
import dev.tideway.persistence.PersistenceConfig;
import dev.tideway.s3.testing.S3TestServer;
import dev.tideway.spi.InputConnector;
import dev.tideway.spi.UnitShares;
import dev.tideway.s3.S3Storage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import dev.tideway.s3.S3Csv;
import dev.tideway.s3.S3JsonLines;

/** The S3 CSV and JSON Lines sources against a real S3 API (s3proxy). */
@Tag("slow")
class S3SourceTest {
    private static final String BUCKET = "input";
    private static S3TestServer server;
    private static S3Client client;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3TestServer.start(BUCKET, "state");
        client = server.client();
    }

    @AfterAll
    static void stopServer() throws Exception {
        client.close();
        server.close();
    }

    @AfterEach
    void forgetTheGraph() {
        Graph.detachCurrent();
    }

    private static void put(String key, String text) {
        client.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromString(text));
    }

    private static void delete(String key) {
        client.deleteObject(b -> b.bucket(BUCKET).key(key));
    }

    @Test
    void newChangedAndDeletedObjectsAreReadRereadAndRemoved() throws Exception {
        put("people/a.csv", "name,age\nAda,36\n");
        put("people/sub/b.csv", "age,name,city\n40,Bob,Paris\n");
        put("people/c.csv.tmp", "name,age\nHalf,1\n");
        put("people/folder/", "");
        put("other/x.csv", "name,age\nOut,1\n");
        InputConnector<Person> source = S3Csv.source(server.settings(BUCKET), "people/", Person_.SCHEMA,
                CsvReadOptions.defaults());
        RecordingUnits<Person> units = new RecordingUnits<>();

        units.poll(source);
        assertThat(units.replaced).containsOnlyKeys("a.csv", "sub/b.csv");
        assertThat(units.rows().get("sub/b.csv")).containsExactly(new Person("Bob", 40, Optional.of("Paris")));
        assertThat(source.location()).isEqualTo("csv:s3://input/people/");

        units.poll(source);
        assertThat(units.replaced).isEmpty();
        assertThat(units.removed).isEmpty();

        put("people/a.csv", "name,age\nAda,37\n");
        delete("people/sub/b.csv");
        units.poll(source);
        assertThat(units.replaced).containsOnlyKeys("a.csv");
        assertThat(units.rows().get("a.csv")).containsExactly(new Person("Ada", 37, Optional.empty()));
        assertThat(units.removed).containsExactly("sub/b.csv");
        source.close();
    }

    @Test
    void jsonLinesObjectsAndBadRowsNameTheObject() throws Exception {
        put("events/1.jsonl", "{\"name\":\"Ada\",\"age\":36}\n{\"name\":\"Bad\",\"age\":\"x\"}\n");
        InputConnector<Person> skipping = S3JsonLines.source(server.settings(BUCKET), "events/", Person_.SCHEMA,
                FileReadOptions.defaults().withBadRows(BadRowPolicy.SKIP));
        assertThat(new RecordingUnits<Person>().poll(skipping).rows().get("1.jsonl"))
                .containsExactly(new Person("Ada", 36, Optional.empty()));
        InputConnector<Person> stopping = S3JsonLines.source(server.settings(BUCKET), "events/", Person_.SCHEMA,
                FileReadOptions.defaults());
        assertThatThrownBy(() -> new RecordingUnits<Person>().poll(stopping))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("s3://input/events/1.jsonl");
    }

    @Test
    void aPersistedStaticRunReadsOnlyNewObjectsAfterARestart() throws Exception {
        put("run/a.csv", "name,age\nAda,36\n");
        Path out = dir.resolve("out.jsonl");
        Backend state = S3Storage.backend("s3-source", server.settings("state"));
        JsonLines.write(S3Csv.read(server.settings(BUCKET), "run/", Person_.SCHEMA,
                CsvReadOptions.defaults().withStreaming(false).withPersistentId("people")), out);
        Tideway.run(RunConfig.defaults().withHandleSignals(false).withPersistence(PersistenceConfig.of(state)));
        assertThat(Files.readAllLines(out)).hasSize(1);

        put("run/b.csv", "name,age\nBob,40\n");
        JsonLines.write(S3Csv.read(server.settings(BUCKET), "run/", Person_.SCHEMA,
                CsvReadOptions.defaults().withStreaming(false).withPersistentId("people")), out);
        Tideway.run(RunConfig.defaults().withHandleSignals(false).withPersistence(PersistenceConfig.of(state)));
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).contains("\"name\":\"Bob\"").contains("\"diff\":1");
    }

    @Test
    void eachWorkerReadsItsShareOfTheObjectsAndAStateWrittenOnTwoContinuesOnThree() throws Exception {
        for (int i = 0; i < 12; i++) {
            put("split/" + i + ".csv", "name,age\nP" + i + "," + i + "\n");
        }
        InputConnector<Person> whole = S3Csv.source(server.settings(BUCKET), "split/", Person_.SCHEMA, CsvReadOptions.defaults());
        Set<String> read = new TreeSet<>();
        for (int share = 0; share < 3; share++) {
            Set<String> units = new RecordingUnits<Person>().poll(((UnitShares<Person>) whole).share(share, 3)).replaced.keySet();
            for (String unit : units) {
                assertThat(UnitShares.shareOf(unit, 3)).as("share of %s", unit).isEqualTo(share);
                assertThat(read.add(unit)).as("%s read by one share only", unit).isTrue();
            }
        }
        assertThat(read).hasSize(12);
        whole.close();

        Path out = dir.resolve("split.jsonl");
        Backend state = S3Storage.backend("s3-split", server.settings("state"));
        runSplit(out, state, 2);
        assertThat(Files.readAllLines(out)).hasSize(12);
        put("split/0.csv", "name,age\nP0,100\n");
        delete("split/1.csv");
        put("split/12.csv", "name,age\nP12,12\n");
        runSplit(out, state, 3);
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).as("the second run on 3 workers appended only the changes").hasSize(12 + 4);
        Map<String, Integer> live = new TreeMap<>();
        for (String line : lines) {
            String row = line.replaceAll(",\"time\":\\d+,\"diff\":-?1}$", "}");
            live.merge(row, line.endsWith("\"diff\":-1}") ? -1 : 1, Integer::sum);
        }
        live.values().removeIf(count -> count == 0);
        assertThat(live).hasSize(12).allSatisfy((row, count) -> assertThat(count).as(row).isEqualTo(1));
        assertThat(live.keySet()).anyMatch(row -> row.contains("\"name\":\"P0\",\"age\":100"))
                .anyMatch(row -> row.contains("\"name\":\"P12\",\"age\":12"))
                .noneMatch(row -> row.contains("\"name\":\"P1\","))
                .noneMatch(row -> row.contains("\"age\":0,") || row.contains("\"age\":0}"));
    }

    private static void runSplit(Path out, Backend state, int workers) throws Exception {
        JsonLines.write(S3Csv.read(server.settings(BUCKET), "split/", Person_.SCHEMA,
                CsvReadOptions.defaults().withStreaming(false).withPersistentId("split")), out);
        Tideway.run(RunConfig.defaults().withHandleSignals(false).withPersistence(PersistenceConfig.of(state)).withWorkers(workers));
    }

    @Test
    void anObjectIsKnownByItsBytesNotItsUploadTime() throws Exception {
        put("same/a.csv", "name,age\nAda,36\n");
        InputConnector<Person> source = S3Csv.source(server.settings(BUCKET), "same/", Person_.SCHEMA, CsvReadOptions.defaults());
        RecordingUnits<Person> units = new RecordingUnits<>();
        units.poll(source);

        put("same/a.csv", "name,age\nAda,36\n");        // uploaded again: the same ETag
        units.poll(source);
        assertThat(units.replaced).isEmpty();

        put("same/a.csv", "name,age\nBob,36\n");        // the same size, other bytes
        units.poll(source);
        assertThat(units.replaced.get("a.csv")).containsExactly(new Person("Bob", 36, Optional.empty()));
        source.close();
    }

    @Test
    void objectsCopiedUnderAnotherPrefixAreTheSameTable() throws Exception {
        put("v1/a.csv", "name,age\nAda,36\n");
        put("v1/b.csv", "name,age\nBob,40\n");
        assertThat(runPeople("v1/")).containsExactlyInAnyOrder("+ Person[name=Ada, age=36, city=Optional.empty]",
                "+ Person[name=Bob, age=40, city=Optional.empty]");

        client.copyObject(b -> b.sourceBucket(BUCKET).sourceKey("v1/a.csv").destinationBucket(BUCKET).destinationKey("v2/a.csv"));
        client.copyObject(b -> b.sourceBucket(BUCKET).sourceKey("v1/b.csv").destinationBucket(BUCKET).destinationKey("v2/b.csv"));
        assertThat(runPeople("v2/")).as("nothing read again").isEmpty();

        delete("v2/b.csv");
        assertThat(runPeople("v2/")).containsExactly("- Person[name=Bob, age=40, city=Optional.empty]");
    }

    @Test
    void aLineThatIsNotUtf8IsABadRowNamingTheObjectAndLine() throws Exception {
        client.putObject(b -> b.bucket(BUCKET).key("latin/x.csv"),
                RequestBody.fromBytes("name,age\nJos\u00e9,36\nAda,37\n".getBytes(StandardCharsets.ISO_8859_1)));
        List<BadRow> reported = new ArrayList<>();
        InputConnector<Person> skipping = S3Csv.source(server.settings(BUCKET), "latin/", Person_.SCHEMA,
                CsvReadOptions.defaults().withBadRows(BadRowPolicy.SKIP).withBadRowConsumer(reported::add));
        assertThat(new RecordingUnits<Person>().poll(skipping).rows().get("x.csv")).containsExactly(new Person("Ada", 37, Optional.empty()));
        assertThat(reported).extracting(BadRow::file, BadRow::line)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("s3://input/latin/x.csv", 2L));

        InputConnector<Person> stopping = S3Csv.source(server.settings(BUCKET), "latin/", Person_.SCHEMA, CsvReadOptions.defaults());
        assertThatThrownBy(() -> new RecordingUnits<Person>().poll(stopping))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("file s3://input/latin/x.csv, line 2: not valid UTF-8 text: byte 0xE9");
        skipping.close();
        stopping.close();
    }

    /** Reads the people under {@code prefix} with the id "people", state on S3; returns this run's changes. */
    private List<String> runPeople(String prefix) throws Exception {
        List<String> changes = new ArrayList<>();
        Subscribe.subscribe(S3Csv.read(server.settings(BUCKET), prefix, Person_.SCHEMA,
                CsvReadOptions.defaults().withStreaming(false).withPersistentId("people")),
                (key, row, time, addition) -> changes.add((addition ? "+ " : "- ") + row));
        Tideway.run(RunConfig.defaults().withHandleSignals(false)
                .withPersistence(PersistenceConfig.of(S3Storage.backend("moved-prefix", server.settings("state")))));
        return changes;
    }
}
