package dev.tideway.testing;

import dev.tideway.ErrorLogEntry;
import dev.tideway.Table;
import dev.tideway.internal.engine.Graph;
import dev.tideway.internal.engine.SinkNode;
import dev.tideway.internal.engine.SourceNode;
import dev.tideway.spi.Connectors;
import dev.tideway.internal.engine.EngineTable;
import dev.tideway.schema.RowSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Supplier;

/**
 * Drives a pipeline step by step in a unit test, the counterpart of Kafka Streams'
 * {@code TopologyTestDriver}: the test feeds inputs, advances logical time, and checks the changes and
 * rows of any table.
 *
 * <pre>{@code
 * PipelineTester tester = new PipelineTester();
 * TestInput<Word> words = tester.input(Word_.SCHEMA);
 * Captured<WordCount> counts = tester.capture(words.table().groupBy(Word_.word)
 *         .reduce(WordCount_.of(Word_.word, Reducers.count())));
 * words.insert(new Word("a"), new Word("a"));
 * tester.step();
 * assertThat(counts.rows()).containsExactly(new WordCount("a", 2));
 * }</pre>
 *
 * <p>The tester's pipeline is its own: its inputs, and the tables computed from them, never join the
 * pipeline the thread builds for {@code Tideway.run}, so a test that fails halfway leaves nothing
 * behind for the next. Build it before the first step; it is not thread-safe.
 */
public final class PipelineTester {
    private final Graph graph = new Graph();
    private long time;

    public PipelineTester() {}

    /** A new input of rows of the schema. */
    public <T> TestInput<T> input(RowSchema<T> schema) {
        TestInput<T> input = new TestInput<>(schema, "input-" + graph.sources().size());
        // into the tester's pipeline, not the one the thread builds
        Graph prior = Graph.enter(graph);
        try {
            input.bind(Connectors.source(input, null));
        } finally {
            Graph.leave(graph, prior);
        }
        return input;
    }

    /**
     * A table read by a real source, built by {@code source} into the tester's pipeline (a source
     * built directly, such as {@code Csv.read(...)}, joins the pipeline the thread builds for
     * {@code Tideway.run}, which the tester does not step). Each step polls it as a run would.
     *
     * <pre>{@code
     * Table<Reading> readings = tester.read(() -> Csv.read(dir, Reading_.SCHEMA).appendOnly());
     * }</pre>
     */
    public <T> Table<T> read(Supplier<? extends Table<T>> source) {
        Graph prior = Graph.enter(graph);
        try {
            return source.get();
        } finally {
            Graph.leave(graph, prior);
        }
    }

    /** A table of fixed rows, present from the first step. */
    @SafeVarargs
    public final <T> Table<T> table(RowSchema<T> schema, T... rows) {
        TestInput<T> input = input(schema);
        input.insert(rows);
        return input.table();
    }

    /**
     * A table of fixed rows written as a markdown table, like Pathway's {@code table_from_markdown}:
     * a header of external names, then one row a line, cells separated by {@code |} (leading and
     * trailing pipes and a {@code ---} separator line are optional). Cells are parsed as CSV cells are.
     *
     * <pre>{@code
     * Table<Sale> sales = tester.tableFromMarkdown(Sale_.SCHEMA, """
     *         shop | item | qty
     *         a    | pen  | 2
     *         b    | ink  | 1
     *         """);
     * }</pre>
     */
    public <T> Table<T> tableFromMarkdown(RowSchema<T> schema, String markdown) {
        TestInput<T> input = input(schema);
        MarkdownRows.parse(schema, markdown).forEach(row -> input.insert(row));
        return input.table();
    }

    /**
     * Whether user code that fails on a row stops the step (true, the default, with a
     * {@code UserFunctionException}) or withholds the row and reports it to {@link #errorLog()}, as a
     * run with {@code RunConfig.withTerminateOnError(false)} does. Returns this tester.
     */
    public PipelineTester withTerminateOnError(boolean terminate) {
        graph.terminateOnError(terminate);
        return this;
    }

    /**
     * The error log of the tester's pipeline (see {@code Tideway.errorLog()}): capture it to see the
     * rows withheld when the tester does not terminate on errors.
     *
     * <pre>{@code
     * PipelineTester tester = new PipelineTester().withTerminateOnError(false);
     * Captured<ErrorLogEntry> errors = tester.capture(tester.errorLog());
     * }</pre>
     */
    public Table<ErrorLogEntry> errorLog() {
        return EngineTable.wrap(graph.errorLog(), ErrorLogEntry.SCHEMA);
    }

    /** Captures the changes of a table from the next step on. */
    public <T> Captured<T> capture(Table<T> table) {
        Captured<T> captured = new Captured<>();
        Connectors.sink(table, captured);
        return captured;
    }

    /** Applies what the inputs hold at a new logical time, and returns that time. */
    public long step() {
        try {
            graph.beginTime(++time);
            for (SourceNode<?> source : graph.sources()) {
                source.poll(time);
            }
            graph.flush();
            return time;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ends the run: every capture sees the end. */
    public void end() {
        graph.end();
        for (SinkNode<?> sink : graph.sinks()) {
            try {
                sink.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
