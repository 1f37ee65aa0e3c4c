package dev.tideway.samples.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tideway.Reducers;
import dev.tideway.RunConfig;
import dev.tideway.Table;
import dev.tideway.Tideway;
import dev.tideway.spi.Connectors;
import dev.tideway.io.csv.Csv;
import dev.tideway.io.csv.CsvReadOptions;
import dev.tideway.io.jsonlines.JsonLines;
import dev.tideway.persistence.Backend;
import dev.tideway.persistence.PersistenceConfig;
import dev.tideway.persistence.PersistenceMode;
import dev.tideway.samples.persistence.Rows.Reading;
import dev.tideway.samples.persistence.Rows.Word;
import dev.tideway.samples.persistence.Rows.WordCount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restarts with a changed pipeline, and a deduplicate's state across runs: operator state is matched
 * by position or name and definition; a changed operator is rebuilt from the recorded input and the
 * outputs rewritten to the new pipeline's result.
 */
class PipelineChangeTest {
    @TempDir
    Path work;

    private void run(PersistenceMode mode) throws Exception {
        Tideway.run(RunConfig.defaults().withHandleSignals(false)
                .withPersistence(PersistenceConfig.of(Backend.filesystem(work.resolve("state"))).withMode(mode)));
    }

    private void write(String name, String text) throws Exception {
        StateFiles.write(work.resolve(name), text);
    }

    // ---- deduplicate ----

    private Table<Reading> readings(String id) {
        CsvReadOptions options = CsvReadOptions.defaults().withStreaming(false);
        return Csv.read(work.resolve("readings"), Rows_Reading_.SCHEMA, id == null ? options : options.withPersistentId(id));
    }

    private List<String> dedupRun(BiPredicate<Long, Long> acceptor) throws Exception {
        ChangeList<Reading> changes = new ChangeList<>("latest");
        Connectors.sink(readings("readings").deduplicate(Rows_Reading_.value, acceptor, Rows_Reading_.sensor), changes);
        run(PersistenceMode.PERSISTING);
        return changes.changes();
    }

    @Test
    void aDeduplicateKeepsItsStateAcrossRunsAndAfterItsAcceptorChanged() throws Exception {
        write("readings/1.csv", "id,sensor,value\nr1,p,5\nr2,q,3\n");
        assertThat(dedupRun((next, last) -> next > last)).containsExactlyInAnyOrder(
                "+ Reading[id=r1, sensor=p, value=5]", "+ Reading[id=r2, sensor=q, value=3]");

        write("readings/2.csv", "id,sensor,value\nr3,p,4\nr4,q,7\n");
        assertThat(dedupRun((next, last) -> next > last)).as("4 < 5 is refused against the kept value").containsExactlyInAnyOrder(
                "- Reading[id=r2, sensor=q, value=3]", "+ Reading[id=r4, sensor=q, value=7]");

        // another lambda of the same shape in the same class: such lambdas are fingerprinted together (their
        // code does not change between these runs of one JVM), so the state is kept; UdfCodeChangeTest edits a body
        write("readings/3.csv", "id,sensor,value\nr5,p,1\nr6,q,8\n");
        assertThat(dedupRun((next, last) -> next < last)).as("judged against the kept rows by the new acceptor")
                .containsExactlyInAnyOrder("- Reading[id=r1, sensor=p, value=5]", "+ Reading[id=r5, sensor=p, value=1]");
    }

    @Test
    void inSelectivePersistingANamedDeduplicateKeepsItsStateAndAnUnnamedOneDoesNot() throws Exception {
        write("readings/1.csv", "id,sensor,value\nr1,p,5\n");
        List<List<String>> first = selectiveDedupRun();
        assertThat(first.get(0)).containsExactly("+ Reading[id=r1, sensor=p, value=5]");
        assertThat(first.get(1)).containsExactly("+ Reading[id=r1, sensor=p, value=5]");

        // the source has no id: only the files there now are read, the earlier one is gone
        Files.delete(work.resolve("readings/1.csv"));
        write("readings/2.csv", "id,sensor,value\nr2,p,3\n");
        List<List<String>> second = selectiveDedupRun();
        assertThat(second.get(0)).as("named: its kept row is the output again, 3 < 5 refused")
                .containsExactly("+ Reading[id=r1, sensor=p, value=5]");
        assertThat(second.get(1)).as("unnamed: computed afresh from what was read").containsExactly("+ Reading[id=r2, sensor=p, value=3]");
    }

    private List<List<String>> selectiveDedupRun() throws Exception {
        Table<Reading> readings = readings(null);
        ChangeList<Reading> named = new ChangeList<>("named");
        ChangeList<Reading> unnamed = new ChangeList<>("unnamed");
        Connectors.sink(readings.deduplicate(Rows_Reading_.value, (Long next, Long last) -> next > last, Rows_Reading_.sensor)
                .named("max-reading"), named);
        Connectors.sink(readings.deduplicate(Rows_Reading_.value, (Long next, Long last) -> next > last, Rows_Reading_.sensor), unnamed);
        run(PersistenceMode.SELECTIVE_PERSISTING);
        return List.of(named.changes(), unnamed.changes());
    }

    // ---- changed pipelines ----

    private Table<Word> words() {
        return Csv.read(work.resolve("in"), Rows_Word_.SCHEMA, CsvReadOptions.defaults().withStreaming(false).withPersistentId("words"));
    }

    private static Table<WordCount> count(Table<Word> words) {
        return words.groupBy(Rows_Word_.word).reduce(Rows_WordCount_.of(Rows_Word_.word, Reducers.count()));
    }

    /** Runs {@code pipeline} over the words to counts.jsonl and a change list; returns the changes. */
    private List<String> countRun(Function<Table<Word>, Table<WordCount>> pipeline) throws Exception {
        Table<WordCount> counts = pipeline.apply(words());
        ChangeList<WordCount> changes = new ChangeList<>("counts");
        Connectors.sink(counts, changes);
        JsonLines.write(counts, work.resolve("counts.jsonl"));
        run(PersistenceMode.PERSISTING);
        return changes.changes();
    }

    private List<String> output() throws Exception {
        return StateFiles.consolidate(work.resolve("counts.jsonl"));
    }

    private static String json(String word, long count) {
        return "{\"word\":\"" + word + "\",\"count\":" + count + "}";
    }

    @Test
    void anUnchangedPipelineRestoresItsStateAndAChangedOneIsRebuiltAndItsOutputRewritten() throws Exception {
        write("in/1.csv", "word\nx\ny\nyy\n");
        countRun(PipelineChangeTest::count);
        write("in/2.csv", "word\nx\n");
        assertThat(countRun(PipelineChangeTest::count)).as("unchanged: restored, only the changes")
                .containsExactlyInAnyOrder("- WordCount[word=x, count=1]", "+ WordCount[word=x, count=2]");

        // a filter before the group-by: the group-by is rebuilt from the recorded input
        write("in/3.csv", "word\ny\n");
        assertThat(StateFiles.net(countRun(w -> count(w.filter(Rows_Word_.word.ne("yy")))))).as("rewritten from the start")
                .containsExactlyInAnyOrder("WordCount[word=x, count=2]", "WordCount[word=y, count=2]");
        assertThat(output()).containsExactlyInAnyOrder(json("x", 2), json("y", 2));

        write("in/4.csv", "word\nx\n");
        assertThat(countRun(w -> count(w.filter(Rows_Word_.word.ne("yy"))))).as("the changed pipeline, unchanged since: restored")
                .containsExactlyInAnyOrder("- WordCount[word=x, count=2]", "+ WordCount[word=x, count=3]");
        assertThat(output()).containsExactlyInAnyOrder(json("x", 3), json("y", 2));
    }

    @Test
    void aSecondGroupByAddedIsBuiltFromTheRecordedInput() throws Exception {
        write("in/1.csv", "word\nx\ny\nx\n");
        countRun(PipelineChangeTest::count);

        // the counts of counts: how many words occur n times, as WordCount(n, words)
        write("in/2.csv", "word\nz\n");
        List<String> changes = countRun(w -> {
            Table<WordCount> counts = count(w);
            Table<WordCount> histogram = counts.select(Rows_WordCount_.of(dev.tideway.Exprs.asText(Rows_WordCount_.count),
                    Rows_WordCount_.count)).groupBy(Rows_WordCount_.word).reduce(Rows_WordCount_.of(Rows_WordCount_.word, Reducers.count()));
            ChangeList<WordCount> hist = new ChangeList<>("histogram");
            Connectors.sink(histogram, hist);
            JsonLines.write(histogram, work.resolve("histogram.jsonl"));
            return counts;
        });
        assertThat(StateFiles.net(changes)).as("the counts' output is rewritten too: the pipeline changed").containsExactlyInAnyOrder(
                "WordCount[word=x, count=2]", "WordCount[word=y, count=1]", "WordCount[word=z, count=1]");
        assertThat(output()).containsExactlyInAnyOrder(json("x", 2), json("y", 1), json("z", 1));
        assertThat(StateFiles.consolidate(work.resolve("histogram.jsonl"))).containsExactlyInAnyOrder(json("2", 1), json("1", 2));
    }

    @Test
    void aChangedFilterBeforeAGroupByRebuildsIt() throws Exception {
        write("in/1.csv", "word\nx\ny\nyy\n");
        countRun(w -> count(w.filter(Rows_Word_.word.ne("yy"))));
        assertThat(output()).containsExactlyInAnyOrder(json("x", 1), json("y", 1));

        // same positions and kinds, another predicate: the group-by's input changed
        assertThat(StateFiles.net(countRun(w -> count(w.filter(Rows_Word_.word.ne("y")))))).containsExactlyInAnyOrder(
                "WordCount[word=x, count=1]", "WordCount[word=yy, count=1]");
        assertThat(output()).containsExactlyInAnyOrder(json("x", 1), json("yy", 1));
    }

    @Test
    void aStatelessOperatorAddedAfterTheLastGroupByRewritesTheOutput() throws Exception {
        write("in/1.csv", "word\nx\ny\nx\n");
        countRun(PipelineChangeTest::count);
        assertThat(output()).containsExactlyInAnyOrder(json("x", 2), json("y", 1));

        write("in/2.csv", "word\nz\nz\n");
        List<String> changes = countRun(w -> count(w).filter(Rows_WordCount_.count.ge(2L)));
        assertThat(output()).as("the output is the new pipeline's result").containsExactlyInAnyOrder(json("x", 2), json("z", 2));
        assertThat(StateFiles.net(changes)).containsExactlyInAnyOrder("WordCount[word=x, count=2]", "WordCount[word=z, count=2]");
    }
}
