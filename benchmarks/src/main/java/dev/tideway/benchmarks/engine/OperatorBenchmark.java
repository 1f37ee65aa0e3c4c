package dev.tideway.benchmarks.engine;

import dev.tideway.JoinOn;
import dev.tideway.JoinResult;
import dev.tideway.Reducers;
import dev.tideway.Table;
import dev.tideway.benchmarks.e2e.WordData;
import dev.tideway.internal.engine.Graph;
import dev.tideway.internal.engine.SourceNode;
import dev.tideway.spi.Connectors;
import dev.tideway.samples.wordcount.Word;
import dev.tideway.samples.wordcount.WordCount_;
import dev.tideway.samples.wordcount.Word_;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Incremental updates of the engine's operators, without connectors or sinks: each invocation is one
 * logical time in which a batch of 10,000 {@code Word} rows (5,000 distinct words, Zipf-like) enters
 * the source, flows through the operator, and the operator flushes its result changes. Reported per
 * row of the batch.
 *
 * <ul>
 *   <li>{@code groupByCount}: the word count's {@code groupBy(word).reduce(word, count())}; each batch
 *       is a new unit (as a new file), inserted into the 5,000 groups already there; every changed
 *       group emits a retraction and an insertion;
 *   <li>{@code joinUpdate}: an inner join of a table of words with a 5,000-row table of word ranks on
 *       the word, selecting the word and its rank; each batch replaces the previous one (as a
 *       rewritten file: 10,000 retractions and 10,000 insertions on the left side), so the join's
 *       state stays the same size.
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class OperatorBenchmark {
    static final int BATCH = 10_000;
    static final int DISTINCT = 5000;

    private Graph groupBy;
    private Graph join;
    private long time;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        WordData data = new WordData(DISTINCT, 3);
        List<Word> first = words(data);
        List<Word> second = words(data);

        BatchInput<Word> words = new BatchInput<>(Word_.SCHEMA, "words", false);
        Connectors.source(words, "words").groupBy(Word_.word).reduce(WordCount_.of(Word_.word, Reducers.count()));
        groupBy = Graph.detachCurrent();
        keepRows(groupBy, false);
        words.batches(first, second);

        BatchInput<Word> left = new BatchInput<>(Word_.SCHEMA, "left", true);
        BatchInput<WordInfo> right = new BatchInput<>(WordInfo_.SCHEMA, "right", false);
        Connectors.source(left, "left")
                .join(Connectors.source(right, "right"), JoinOn.of(Word_.word, WordInfo_.word))
                .select(RankedWord_.of(JoinResult.left(Word_.word), JoinResult.right(WordInfo_.rank)));
        join = Graph.detachCurrent();
        keepRows(join, true);        // the left unit's rows are retracted when it is replaced
        right.batches(ranks());
        step(join);                  // the ranks go in once
        right.batches();
        left.batches(first, second);

        step(groupBy);               // the groups exist, as after the first file of a run
        step(join);                  // the left side holds a batch
    }

    private static List<Word> words(WordData data) {
        List<Word> batch = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            batch.add(new Word(data.nextWord()));
        }
        return batch;
    }

    /** Every word of the vocabulary with a rank. */
    private static List<WordInfo> ranks() {
        Map<String, WordInfo> byWord = new LinkedHashMap<>();
        WordData vocabulary = new WordData(DISTINCT, 3);
        for (int i = 0; byWord.size() < DISTINCT && i < DISTINCT * 1000; i++) {
            String word = vocabulary.nextWord();
            byWord.putIfAbsent(word, new WordInfo(word, byWord.size()));
        }
        return new ArrayList<>(byWord.values());
    }

    private static void keepRows(Graph graph, boolean keep) {
        for (SourceNode<?> source : graph.sources()) {
            source.keepRows(keep);
        }
    }

    private void step(Graph graph) throws IOException {
        graph.beginTime(++time);
        for (SourceNode<?> source : graph.sources()) {
            source.poll(time);
        }
        graph.flush();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Graph groupByCount() throws IOException {
        step(groupBy);
        return groupBy;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Graph joinUpdate() throws IOException {
        step(join);
        return join;
    }
}
