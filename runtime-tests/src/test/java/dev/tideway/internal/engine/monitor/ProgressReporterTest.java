package dev.tideway.internal.engine.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tideway.Table;
import dev.tideway.internal.engine.Graph;
import dev.tideway.internal.engine.SourceNode;
import dev.tideway.spi.Connectors;
import dev.tideway.spi.InputConnector;
import dev.tideway.spi.KnownUnits;
import dev.tideway.spi.UnitChanges;
import dev.tideway.io.subscribe.Subscribe;
import dev.tideway.io.text.TextLine;
import dev.tideway.schema.RowSchema;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The progress lines, captured: a static read's live line while it reads (units, bytes of the total,
 * rows a second, time left), a streaming run's summary of an interval (rows in and out, commits, lag,
 * errors), the summary at the end, and how a terminal's line is rewritten in place. The run's clock
 * is the test's, so rates and times are exact.
 */
class ProgressReporterTest {
    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final List<String> lines = new ArrayList<>();
    private final ProgressReporter.Output captured = new ProgressReporter.Output() {
        @Override
        public void live(String line) {
            lines.add("live: " + line);
        }

        @Override
        public void line(String line) {
            lines.add(line);
        }
    };

    @Test
    void aStaticReadTellsUnitsAndBytesOfTheTotalRowsASecondAndTheTimeLeftWhileItReads() throws Exception {
        Staged connector = new Staged(false);
        Graph graph = pipeline(connector);
        RunMonitor monitor = new RunMonitor(graph, false, clock::get);
        ProgressReporter reporter = new ProgressReporter(monitor, captured, 0);
        monitor.recovering();
        monitor.recovered(0, null);
        // three files of 100 bytes and 10 rows; the progress is told after the first, two seconds in
        connector.polls.add(changes -> {
            changes.pending(3, 300);
            for (int unit = 0; unit < 3; unit++) {
                changes.read(100);
                changes.replace("f" + unit, new byte[0], rows(10));
                if (unit == 0) {
                    clock.addAndGet(2_000);
                    reporter.tell();
                }
            }
        });
        batch(graph, monitor, 1);
        clock.addAndGet(1_000);
        monitor.finished();
        reporter.close();

        assertThat(lines).containsExactly(
                "live: lines: 1/3 units, 100 B of 300 B (33%), 10 rows, 5 rows/s, ETA 4.0 s",
                "read 3 units (300 B), 30 rows in 3.0 s (10 rows/s); 30 changes written, 1 commit; 0 errors");
    }

    @Test
    void aStreamingRunSumsUpEachIntervalWithItsLag() throws Exception {
        Staged connector = new Staged(true);
        Graph graph = pipeline(connector);
        RunMonitor monitor = new RunMonitor(graph, false, clock::get);
        ProgressReporter reporter = new ProgressReporter(monitor, captured, 0);
        monitor.recovering();
        monitor.recovered(0, null);
        connector.polls.add(changes -> changes.replace("f0", new byte[0], rows(4)));
        batch(graph, monitor, 1);
        clock.addAndGet(10_000);
        reporter.tell();
        // a poll that finds nothing is no commit; the source is caught up as of it
        connector.polls.add(changes -> {});
        batch(graph, monitor, 2);
        clock.addAndGet(500);
        reporter.tell();

        assertThat(lines).containsExactly(
                "last 10.0 s: 4 rows in, 4 changes out, 1 commit (longest 0 ms), lag lines 10.0 s, 0 errors",
                "last 500 ms: 0 rows in, 0 changes out, 0 commits, lag lines 500 ms, 0 errors");
    }

    @Test
    void aSourceWithInputLeftToReadLagsFromItsLastPollThatReadEverything() throws Exception {
        Staged connector = new Staged(true);
        Graph graph = pipeline(connector);
        RunMonitor monitor = new RunMonitor(graph, false, clock::get);
        monitor.recovering();
        monitor.recovered(0, null);
        long start = clock.get();
        // a backlog: the poll reads one unit of five
        connector.polls.add(changes -> {
            changes.pending(5, -1);
            changes.replace("f0", new byte[0], rows(1));
        });
        batch(graph, monitor, 1);
        clock.addAndGet(3_000);
        assertThat(monitor.status().sources().get(0).unitsPending()).isEqualTo(4);
        assertThat(monitor.status().sources().get(0).lagMs()).isEqualTo(clock.get() - start);

        long caughtUp = clock.get();
        connector.polls.add(changes -> changes.replace("f1", new byte[0], rows(1)));
        batch(graph, monitor, 2);
        clock.addAndGet(250);
        assertThat(monitor.status().sources().get(0).lagMs()).isEqualTo(clock.get() - caughtUp);
    }

    @Test
    void aTerminalLineIsRewrittenInPlaceAndEndedByALineOfItsOwn() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressReporter.Output terminal = ProgressReporter.terminal(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        terminal.live("words: 1/3 units");
        terminal.live("words: 2/3");
        terminal.line("read 3 units");
        terminal.live("again");
        terminal.end();
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(
                "\rwords: 1/3 units" + "\rwords: 2/3" + " ".repeat(6) + "\r" + " ".repeat(10) + "\r" + "read 3 units" + System.lineSeparator()
                        + "\ragain" + System.lineSeparator());
    }

    @Test
    void sizesCountsAndDurationsReadAsPeopleWriteThem() {
        assertThat(ProgressText.bytes(999)).isEqualTo("999 B");
        assertThat(ProgressText.bytes(12_345)).isEqualTo("12.3 kB");
        assertThat(ProgressText.bytes(45_100_000)).isEqualTo("45.1 MB");
        assertThat(ProgressText.count(1_234_567)).isEqualTo("1,234,567");
        assertThat(ProgressText.duration(450)).isEqualTo("450 ms");
        assertThat(ProgressText.duration(12_300)).isEqualTo("12.3 s");
        assertThat(ProgressText.duration(245_000)).isEqualTo("4 min 5 s");
        assertThat(ProgressText.duration(7_380_000)).isEqualTo("2 h 3 min");
    }

    /** One batch at logical time {@code time}: a poll at the test's clock, the flush, a commit. */
    private void batch(Graph graph, RunMonitor monitor, long time) throws Exception {
        SourceNode<?> source = graph.sources().get(0);
        graph.beginTime(time);
        monitor.polling(source, clock.get());
        source.poll(clock.get());
        graph.flush();
        graph.sinks().get(0).commit();
        monitor.committed(time, 0, null);
    }

    /** The lines read by {@code connector}, into a callback. */
    private static Graph pipeline(Staged connector) {
        Graph graph = new Graph();
        Graph prior = Graph.enter(graph);
        try {
            Table<TextLine> lines = Connectors.source(connector, "lines");
            Subscribe.subscribe(lines, (key, row, time, insert) -> {});
        } finally {
            Graph.leave(graph, prior);
        }
        graph.sources().get(0).assignPersistentId("lines");
        return graph;
    }

    private static List<TextLine> rows(int count) {
        List<TextLine> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add(new TextLine("line " + i));
        }
        return rows;
    }

    /** A connector whose polls do what the test staged, one staged step a poll. */
    private static final class Staged implements InputConnector<TextLine> {
        final List<Consumer<UnitChanges<TextLine>>> polls = new ArrayList<>();
        private final boolean streaming;

        Staged(boolean streaming) {
            this.streaming = streaming;
        }

        @Override
        public RowSchema<TextLine> schema() {
            return TextLine.SCHEMA;
        }

        @Override
        public String location() {
            return "staged:lines";
        }

        @Override
        public String kind() {
            return "staged";
        }

        @Override
        public boolean streaming() {
            return streaming;
        }

        @Override
        public Duration pollInterval() {
            return Duration.ofMillis(1);
        }

        @Override
        public void poll(KnownUnits known, UnitChanges<TextLine> changes) {
            polls.remove(0).accept(changes);
        }
    }
}
