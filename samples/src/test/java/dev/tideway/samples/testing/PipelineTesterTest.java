package dev.tideway.samples.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tideway.JoinOn;
import dev.tideway.JoinResult;
import dev.tideway.Reducers;
import dev.tideway.Table;
import dev.tideway.samples.io.Reading;
import dev.tideway.samples.io.Reading_;
import dev.tideway.samples.wordcount.Word;
import dev.tideway.samples.wordcount.WordCount;
import dev.tideway.samples.wordcount.WordCount_;
import dev.tideway.samples.wordcount.Word_;
import dev.tideway.testing.Captured;
import dev.tideway.testing.Change;
import dev.tideway.testing.PipelineTester;
import dev.tideway.testing.TestInput;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The test utilities as a user drives them, with generated companions: the README's example and markdown tables. */
class PipelineTesterTest {
    @Test
    void theReadmeExampleCountsWordsStepByStep() {
        PipelineTester tester = new PipelineTester();
        TestInput<Word> words = tester.input(Word_.SCHEMA);
        Captured<WordCount> counts = tester.capture(words.table().groupBy(Word_.word)
                .reduce(WordCount_.of(Word_.word, Reducers.count())));

        words.insert(new Word("a"), new Word("a"));
        long first = tester.step();
        assertThat(counts.rows()).containsExactly(new WordCount("a", 2));

        words.delete(new Word("a")).insert(new Word("b"));
        long second = tester.step();
        assertThat(counts.rows()).containsExactlyInAnyOrder(new WordCount("a", 1), new WordCount("b", 1));
        assertThat(counts.changesAt(second)).extracting(Change::row, Change::diff).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(new WordCount("a", 2), -1),
                org.assertj.core.groups.Tuple.tuple(new WordCount("a", 1), 1),
                org.assertj.core.groups.Tuple.tuple(new WordCount("b", 1), 1));
        assertThat(second).isGreaterThan(first);
    }

    @Test
    void aMarkdownTableBuildsRowsByExternalNameInAnyColumnOrder() {
        PipelineTester tester = new PipelineTester();
        Table<Reading> readings = tester.tableFromMarkdown(Reading_.SCHEMA, """
                | reading | sensor  | unit |
                |---------|---------|------|
                | 21      | kitchen | C    |
                | 70      | porch   |      |
                """);
        Table<Word> sensors = tester.tableFromMarkdown(Word_.SCHEMA, """
                word
                kitchen
                """);
        Captured<Reading> joined = tester.capture(readings.join(sensors, JoinOn.of(Reading_.sensor, Word_.word))
                .select(Reading_.of(JoinResult.left(Reading_.sensor), JoinResult.left(Reading_.value), JoinResult.left(Reading_.unit))));
        Captured<Reading> all = tester.capture(readings);
        tester.step();

        assertThat(all.rows()).containsExactlyInAnyOrder(new Reading("kitchen", 21, Optional.of("C")),
                new Reading("porch", 70, Optional.empty()));
        assertThat(joined.rows()).containsExactly(new Reading("kitchen", 21, Optional.of("C")));
    }

    @Test
    void aMarkdownCellThatDoesNotParseNamesTheRowAndColumn() {
        PipelineTester tester = new PipelineTester();
        assertThatThrownBy(() -> tester.tableFromMarkdown(Reading_.SCHEMA, """
                sensor | reading
                hall   | warm
                """))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("row 1")
                .hasMessageContaining("reading")
                .hasMessageContaining("warm");
    }

    @Test
    void aPlainColumnInAJoinsSelectSaysToNameTheSide() {
        PipelineTester tester = new PipelineTester();
        Table<Word> left = tester.table(Word_.SCHEMA, new Word("a"));
        Table<Word> right = tester.table(Word_.SCHEMA, new Word("a"));
        // refused when the pipeline is built, before any row is read
        assertThatThrownBy(() -> left.join(right, JoinOn.of(Word_.word, Word_.word)).select(Word_.of(Word_.word)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("use JoinResult.left(Word_.word) or JoinResult.right(Word_.word)");
    }
}
