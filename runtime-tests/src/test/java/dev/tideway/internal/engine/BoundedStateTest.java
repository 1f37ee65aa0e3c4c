package dev.tideway.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tideway.Behavior;
import dev.tideway.Interval;
import dev.tideway.JoinKind;
import dev.tideway.JoinOn;
import dev.tideway.Reducers;
import dev.tideway.Table;
import dev.tideway.Window;
import dev.tideway.WindowedTable;
import dev.tideway.internal.engine.fixtures.Paired;
import dev.tideway.internal.engine.fixtures.Quote;
import dev.tideway.internal.engine.fixtures.Quote_;
import dev.tideway.internal.engine.fixtures.Reading;
import dev.tideway.internal.engine.fixtures.Reading_;
import dev.tideway.internal.engine.fixtures.WindowStats;
import dev.tideway.internal.engine.fixtures.WindowStats_;
import dev.tideway.testing.Captured;
import dev.tideway.testing.PipelineTester;
import dev.tideway.testing.TestInput;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * State that forgets: a stream whose event time keeps moving runs through every event-time operator
 * with a cutoff, from sources declared append-only; the snapshot of every node (what persistence
 * writes) is as large after 3000 batches as after 1000. The same pipeline without cutoffs, from
 * sources that keep their rows, grows with the stream.
 */
class BoundedStateTest {
    private static final int SENSORS = 8;
    private static final int ROWS_PER_BATCH = 16;

    @Test
    void everyNodesSnapshotStaysFlatWithCutoffsAndAppendOnlySources() {
        Map<String, int[]> sizes = run(true, 3000);
        sizes.forEach((node, size) -> assertThat((double) size[1]).as("%s: bytes after 1000 batches %d, after 3000 %d", node, size[0], size[1])
                .isLessThanOrEqualTo(size[0] * 1.2 + 64));
        assertThat(sizes.keySet()).as("nodes measured").hasSizeGreaterThanOrEqualTo(9);
    }

    @Test
    void withoutCutoffsTheStateGrowsWithTheStream() {
        Map<String, int[]> sizes = run(false, 1500);
        int before = sizes.values().stream().mapToInt(s -> s[0]).sum();
        int after = sizes.values().stream().mapToInt(s -> s[1]).sum();
        assertThat((double) after).as("all nodes: %d bytes, then %d", before, after).isGreaterThan(before * 2.5);
        assertThat(sizes.get("source:test#0")[1]).as("the source keeps every row").isGreaterThan(sizes.get("source:test#0")[0] * 2);
    }

    /** Runs {@code batches} batches; returns each stateful node's snapshot size after a third of them and at the end. */
    private Map<String, int[]> run(boolean forgetting, int batches) {
        PipelineTester tester = new PipelineTester();
        TestInput<Reading> readingsIn = tester.input(Reading_.SCHEMA);
        TestInput<Quote> tradesIn = tester.input(Quote_.SCHEMA);
        TestInput<Quote> quotesIn = tester.input(Quote_.SCHEMA);
        Table<Reading> readings = forgetting ? readingsIn.table().appendOnly() : readingsIn.table();
        Table<Quote> trades = forgetting ? tradesIn.table().appendOnly() : tradesIn.table();
        Table<Quote> quotes = forgetting ? quotesIn.table().appendOnly() : quotesIn.table();
        Behavior cutoff = forgetting ? Behavior.cutoff(60L) : Behavior.NONE;

        WindowedTable<Reading, Long> sliding = readings.windowBy(Window.sliding(10, 60), Reading_.t, Reading_.sensor).withBehavior(cutoff);
        WindowedTable<Reading, Long> sessions = readings.windowBy(Window.session(5), Reading_.t, Reading_.sensor).withBehavior(cutoff);
        WindowedTable<Reading, Long> exactlyOnce = readings.windowBy(Window.tumbling(30), Reading_.t, Reading_.sensor)
                .withBehavior(forgetting ? Behavior.exactlyOnce(5L) : Behavior.NONE);
        Captured<?> captured = tester.capture(stats(sliding));
        tester.capture(stats(sessions));
        tester.capture(stats(exactlyOnce));
        Table<Reading> forgotten = forgetting ? readings.forget(Reading_.t, 60) : readings;
        tester.capture(forgotten.groupBy(Reading_.sensor).reduce(WindowStats_.of(Reading_.sensor, Reducers.min(Reading_.t),
                Reducers.max(Reading_.t), Reducers.count(), Reducers.sum(Reading_.value), Reducers.max(Reading_.value))));
        tester.capture(readings.buffer(Reading_.t, 3));
        tester.capture(trades.asofJoin(quotes, Quote_.t, Quote_.t).on(JoinOn.of(Quote_.sym, Quote_.sym)).kind(JoinKind.LEFT)
                .withBehavior(cutoff).select(EventTimeDifferentialTest.paired()));
        tester.capture(trades.intervalJoin(quotes, Quote_.t, Quote_.t, Interval.of(-5, 5)).on(JoinOn.of(Quote_.sym, Quote_.sym))
                .withBehavior(cutoff).select(EventTimeDifferentialTest.paired()));
        Captured<Paired> windowJoin = tester.capture(trades.windowJoin(quotes, Quote_.t, Quote_.t, Window.tumbling(20))
                .on(JoinOn.of(Quote_.sym, Quote_.sym)).kind(JoinKind.OUTER).withBehavior(cutoff).select(EventTimeDifferentialTest.paired()));

        Map<String, int[]> sizes = new LinkedHashMap<>();
        long time = 0;
        for (int batch = 1; batch <= batches; batch++) {
            for (int i = 0; i < ROWS_PER_BATCH; i++) {
                time++;
                String sensor = "s" + (i % SENSORS);
                // a little out of order, never more than the cutoff
                long t = Math.max(0, time - (i * 7) % 13);
                readingsIn.insert(new Reading(sensor, t, i));
                if (i % 4 == 0) {
                    tradesIn.insert(new Quote(sensor, t, i));
                    quotesIn.insert(new Quote(sensor, t + 2, 100 + i));
                }
            }
            tester.step();
            if (batch == batches / 3 || batch == batches) {
                measure(EngineTable.of(readingsIn.table()).node().graph(), sizes, batch == batches ? 1 : 0);
            }
        }
        assertThat(captured.rows()).as("windows computed").isNotEmpty();
        assertThat(windowJoin.rows()).as("pairs made").isNotEmpty();
        return sizes;
    }

    private static Table<WindowStats> stats(WindowedTable<Reading, Long> windows) {
        return windows.reduce(WindowStats_.of(Reading_.sensor, windows.start(), windows.end(), Reducers.count(), Reducers.sum(Reading_.value),
                Reducers.max(Reading_.value)));
    }

    private static void measure(Graph graph, Map<String, int[]> sizes, int slot) {
        Map<Integer, byte[]> state = SnapshotRestoreTest.snapshot(graph);
        for (Node node : graph.nodes()) {
            byte[] bytes = state.get(node.index());
            if (bytes != null && (!(node instanceof Stateful stateful) || stateful.hasState())) {
                sizes.computeIfAbsent(node.toString(), n -> new int[2])[slot] = bytes.length;
            }
        }
    }
}
