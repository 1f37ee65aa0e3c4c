package dev.tideway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tideway.internal.engine.Graph;
import dev.tideway.io.Person;
import dev.tideway.io.Person_;
import dev.tideway.io.csv.Csv;
import dev.tideway.io.csv.CsvReadOptions;
import dev.tideway.io.jsonlines.JsonLines;
import dev.tideway.io.subscribe.Subscribe;
import dev.tideway.persistence.Backend;
import dev.tideway.persistence.PersistenceConfig;
import dev.tideway.persistence.PersistenceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a run holds: the pipeline it was given, never what a failed attempt left behind. */
class PipelineTest {
    private static final RunConfig STATIC = RunConfig.defaults().withHandleSignals(false);

    @TempDir
    Path dir;
    private Path input;
    private Path notAFolder;
    private final List<String> seen = new ArrayList<>();

    @BeforeEach
    void files() throws Exception {
        input = Files.createDirectory(dir.resolve("in"));
        Files.writeString(input.resolve("a.csv"), "name,age\nAda,36\nBob,40\n");
        notAFolder = Files.writeString(dir.resolve("state-is-a-file"), "x");
    }

    @AfterEach
    void emptyTheThreadsPipeline() {
        Graph.detachCurrent();
    }

    /** The pipeline a program builds: people read from the input, each change seen by a callback and written to a file. */
    private void build(Path output) {
        Table<Person> people = Csv.read(input, Person_.SCHEMA, CsvReadOptions.defaults().withStreaming(false).withPersistentId("people"));
        Subscribe.subscribe(people, (key, row, time, isAddition) -> seen.add((isAddition ? "+" : "-") + row.name()));
        JsonLines.write(people, output);
    }

    @Test
    void aRetryLoopWithPipelineRunsTheLastAttemptOnlyOnce() throws Exception {
        Path output = dir.resolve("out.jsonl");
        List<Path> states = List.of(notAFolder, dir.resolve("state"));
        int attempts = 0;
        for (Path state : states) {
            attempts++;
            try (Pipeline pipeline = Pipeline.create()) {
                build(output);
                pipeline.run(STATIC.withPersistence(PersistenceConfig.of(Backend.filesystem(state))));
                break;
            } catch (PersistenceException e) {
                assertThat(e).hasMessageContaining("exists but is not a folder");
            }
        }
        assertThat(attempts).isEqualTo(2);
        assertThat(seen).containsExactlyInAnyOrder("+Ada", "+Bob");
        assertThat(Files.readAllLines(output)).hasSize(2);
        assertThat(Graph.current().isEmpty()).as("nothing is left on the thread").isTrue();
    }

    @Test
    void theImplicitStyleRefusesARebuildOnTopOfAFailedStartInsteadOfRunningBoth() {
        Path output = dir.resolve("out.jsonl");
        build(output);
        assertThatThrownBy(() -> Tideway.run(STATIC.withPersistence(PersistenceConfig.of(Backend.filesystem(notAFolder)))))
                .isInstanceOf(PersistenceException.class);

        assertThatThrownBy(() -> build(output))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("two sinks of this pipeline write to jsonlines:" + output)
                .hasMessageContaining("build inside try (Pipeline pipeline = Pipeline.create())");
        assertThat(seen).isEmpty();
    }

    @Test
    void aRunThatFailsInsideTidewayRunLeavesNothingForTheNextRun() throws Exception {
        Files.writeString(input.resolve("b.csv"), "name,age\nEve,old\n");
        build(dir.resolve("first.jsonl"));
        assertThatThrownBy(() -> Tideway.run(STATIC)).isInstanceOf(InputException.class);
        assertThat(seen).isEmpty();

        Files.delete(input.resolve("b.csv"));
        build(dir.resolve("second.jsonl"));
        Tideway.run(STATIC);
        assertThat(seen).as("the failed pipeline's callback is not run again").containsExactlyInAnyOrder("+Ada", "+Bob");
        assertThat(dir.resolve("second.jsonl")).exists();
        assertThat(Files.readAllLines(dir.resolve("first.jsonl"))).as("the failed run wrote nothing and was not rerun").isEmpty();
    }

    @Test
    void aPipelineThatFailsInsideItsRunLeavesNothingEither() throws Exception {
        Files.writeString(input.resolve("b.csv"), "name,age\nEve,old\n");
        try (Pipeline pipeline = Pipeline.create()) {
            build(dir.resolve("first.jsonl"));
            assertThatThrownBy(() -> pipeline.run(STATIC)).isInstanceOf(InputException.class);
        }
        Files.delete(input.resolve("b.csv"));
        try (Pipeline pipeline = Pipeline.create()) {
            build(dir.resolve("second.jsonl"));
            pipeline.run(STATIC);
        }
        assertThat(seen).containsExactlyInAnyOrder("+Ada", "+Bob");
    }

    @Test
    void closingAPipelineGivesTheThreadBackWhatItWasBuildingUntouched() throws Exception {
        build(dir.resolve("implicit.jsonl"));
        try (Pipeline discarded = Pipeline.create()) {
            Subscribe.subscribe(Csv.read(input, Person_.SCHEMA, CsvReadOptions.defaults().withStreaming(false)),
                    (key, row, time, isAddition) -> seen.add("discarded " + row.name()));
        }
        Tideway.run(STATIC);
        assertThat(seen).containsExactlyInAnyOrder("+Ada", "+Bob");
        assertThat(Files.readAllLines(dir.resolve("implicit.jsonl"))).hasSize(2);
    }

    @Test
    void tidewayRunInsideAPipelinesBlockRunsThatPipeline() throws Exception {
        try (Pipeline pipeline = Pipeline.create()) {
            build(dir.resolve("out.jsonl"));
            Tideway.run(STATIC);
            assertThatThrownBy(() -> pipeline.run(STATIC))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already run");
        }
        assertThat(seen).containsExactlyInAnyOrder("+Ada", "+Bob");
    }

    @Test
    void aPipelineRunsOnceAndNotAfterItWasClosed() throws Exception {
        Pipeline pipeline = Pipeline.create();
        build(dir.resolve("out.jsonl"));
        pipeline.run(STATIC);
        assertThatThrownBy(() -> pipeline.run(STATIC))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("this pipeline was already run; a pipeline runs once: build the next one in a new Pipeline.create()");

        Pipeline closed = Pipeline.create();
        closed.close();
        assertThatThrownBy(closed::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("already closed");
    }

    @Test
    void tablesOfTwoPipelinesCannotBeCombined() {
        Table<Person> implicit = Csv.read(input, Person_.SCHEMA, CsvReadOptions.defaults().withStreaming(false));
        try (Pipeline pipeline = Pipeline.create()) {
            Table<Person> explicit = Csv.read(input, Person_.SCHEMA, CsvReadOptions.defaults().withStreaming(false));
            assertThatThrownBy(() -> explicit.concat(implicit))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("tables of two different pipelines cannot be combined");
        }
    }
}
