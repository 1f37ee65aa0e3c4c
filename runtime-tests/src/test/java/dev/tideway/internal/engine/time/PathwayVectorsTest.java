package dev.tideway.internal.engine.time;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tideway.AsofDirection;
import dev.tideway.Behavior;
import dev.tideway.JoinKind;
import dev.tideway.JoinOn;
import dev.tideway.JoinResult;
import dev.tideway.Reducers;
import dev.tideway.Table;
import dev.tideway.Window;
import dev.tideway.WindowedTable;
import dev.tideway.internal.engine.fixtures.Paired;
import dev.tideway.internal.engine.fixtures.Paired_;
import dev.tideway.internal.engine.fixtures.Quote;
import dev.tideway.internal.engine.fixtures.Quote_;
import dev.tideway.internal.engine.fixtures.Reading;
import dev.tideway.internal.engine.fixtures.Reading_;
import dev.tideway.internal.engine.fixtures.Stamp;
import dev.tideway.internal.engine.fixtures.Stamp_;
import dev.tideway.internal.engine.fixtures.Upsert;
import dev.tideway.internal.engine.fixtures.Upsert_;
import dev.tideway.internal.engine.fixtures.WindowStats;
import dev.tideway.internal.engine.fixtures.WindowStats_;
import dev.tideway.testing.Captured;
import dev.tideway.testing.Change;
import dev.tideway.testing.PipelineTester;
import dev.tideway.testing.TestInput;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The temporal operators on the vectors of Pathway's own tests ({@code tests/temporal/test_operators.py},
 * {@code test_windows.py}, {@code test_windows_stream.py}, {@code test_common.py::test_stream_to_table}
 * and the docstrings of {@code windowby}, {@code asof_join}): each Pathway processing time
 * ({@code __time__}) is one batch, and every change must come at the batch Pathway gives it. Outputs
 * that Pathway releases only at the end of a stream (its time 18446744073709551614) are left out:
 * Tideway keeps them held for the next run.
 */
class PathwayVectorsTest {
    private final PipelineTester tester = new PipelineTester();

    /** The input changes of Pathway's times, in order; each time becomes one batch. */
    private final List<Runnable> batches = new ArrayList<>();
    private final List<Integer> pathwayTimes = new ArrayList<>();

    private void at(int pathwayTime, Runnable changes) {
        pathwayTimes.add(pathwayTime);
        batches.add(changes);
    }

    /** Runs the batches and returns every output change as "row@pathwayTime:diff". */
    private <T> List<String> run(Captured<T> out, Function<T, String> row) {
        List<Long> logical = new ArrayList<>();
        for (Runnable batch : batches) {
            batch.run();
            logical.add(tester.step());
        }
        List<String> changes = new ArrayList<>();
        for (Change<T> change : out.changes()) {
            int pathwayTime = pathwayTimes.get(logical.indexOf(change.time()));
            changes.add(row.apply(change.row()) + "@" + pathwayTime + ":" + (change.diff() > 0 ? "+1" : "-1"));
        }
        return changes;
    }

    private static String stamp(Stamp s) {
        return s.a() + "," + s.t();
    }

    private TestInput<Stamp> stamps() {
        return tester.input(Stamp_.SCHEMA);
    }

    private static Stamp s(long a, long t) {
        return new Stamp(a, t);
    }

    /** The input of test_forget_no_instance, test_buffer_no_instance. */
    private void appendOnlyStamps(TestInput<Stamp> in) {
        at(2, () -> in.insert(s(1, 2), s(1, 3), s(2, 4)));
        at(4, () -> in.insert(s(1, 5), s(2, 8)));
        at(6, () -> in.insert(s(3, 1)));
        at(8, () -> in.insert(s(1, 15), s(2, 9)));
        at(10, () -> in.insert(s(1, 7)));
    }

    /** The input of test_forget_non_append_only and test_buffer_non_append_only: (id, x). */
    private void nonAppendOnlyStamps(TestInput<Stamp> in) {
        at(2, () -> in.insert(s(1, 1)));
        at(4, () -> in.insert(s(2, 5)));
        at(6, () -> in.insert(s(3, 5)));
        at(8, () -> in.delete(s(1, 1)));
        at(10, () -> in.insert(s(4, 2)));
        at(12, () -> in.delete(s(4, 2)));
        at(14, () -> in.delete(s(3, 5)));
        at(16, () -> in.insert(s(5, 8)));
        at(18, () -> in.insert(s(6, 8)));
    }

    @Test
    void forgetAsPathwaysTestForgetNoInstance() {
        TestInput<Stamp> in = stamps();
        Captured<Stamp> out = tester.capture(in.table().forget(Stamp_.t, 2));
        appendOnlyStamps(in);
        assertThat(run(out, PathwayVectorsTest::stamp)).containsExactlyInAnyOrder(
                "1,2@2:+1", "1,3@2:+1", "1,5@4:+1", "1,2@4:-1", "1,3@6:-1", "1,5@6:-1", "1,15@8:+1",
                "2,4@2:+1", "2,8@4:+1", "2,4@6:-1", "2,9@8:+1", "2,8@10:-1", "2,9@10:-1");
    }

    @Test
    void forgetAsPathwaysTestForgetNonAppendOnly() {
        TestInput<Stamp> in = stamps();
        Captured<Stamp> out = tester.capture(in.table().forget(Stamp_.t, 2));
        nonAppendOnlyStamps(in);
        assertThat(run(out, PathwayVectorsTest::stamp)).containsExactlyInAnyOrder(
                "1,1@2:+1", "2,5@4:+1", "3,5@6:+1", "1,1@6:-1", "3,5@14:-1", "5,8@16:+1", "6,8@18:+1", "2,5@18:-1");
    }

    @Test
    void bufferAsPathwaysTestBufferNoInstance() {
        TestInput<Stamp> in = stamps();
        Captured<Stamp> out = tester.capture(in.table().buffer(Stamp_.t, 2));
        appendOnlyStamps(in);
        // (1,15) is released by Pathway only at the end of the stream: here it stays held
        assertThat(run(out, PathwayVectorsTest::stamp)).containsExactlyInAnyOrder(
                "1,2@2:+1", "1,3@4:+1", "1,5@4:+1", "1,7@10:+1", "2,4@4:+1", "2,8@8:+1", "2,9@8:+1", "3,1@6:+1");
    }

    @Test
    void bufferAsPathwaysTestBufferNonAppendOnly() {
        TestInput<Stamp> in = stamps();
        Captured<Stamp> out = tester.capture(in.table().buffer(Stamp_.t, 2));
        nonAppendOnlyStamps(in);
        assertThat(run(out, PathwayVectorsTest::stamp)).containsExactlyInAnyOrder(
                "1,1@4:+1", "1,1@8:-1", "4,2@10:+1", "4,2@12:-1", "2,5@16:+1");
    }

    @Test
    void ignoreLateAsPathwaysTestFreezeNoInstance() {
        TestInput<Stamp> in = stamps();
        Captured<Stamp> out = tester.capture(in.table().ignoreLate(Stamp_.t, 2));
        at(2, () -> in.insert(s(1, 2), s(1, 3), s(2, 4)));
        at(4, () -> in.insert(s(2, 8)));
        at(6, () -> in.insert(s(1, 5), s(3, 1)));
        at(8, () -> in.insert(s(1, 15), s(2, 5)));
        at(10, () -> in.insert(s(1, 7)));
        assertThat(run(out, PathwayVectorsTest::stamp)).containsExactlyInAnyOrder(
                "1,2@2:+1", "1,3@2:+1", "1,15@8:+1", "2,4@2:+1", "2,8@4:+1");
    }

    @Test
    void streamToTableAsPathwaysTestStreamToTable() {
        TestInput<Upsert> in = tester.input(Upsert_.SCHEMA);
        Captured<Upsert> out = tester.capture(in.table().withIdFrom(Upsert_.a).streamToTable(Upsert_.c));
        at(2, () -> in.insert(new Upsert(1, 2, true), new Upsert(3, 4, true)));
        at(4, () -> in.insert(new Upsert(5, 6, true), new Upsert(3, 8, true)));
        at(6, () -> in.insert(new Upsert(5, 6, false)));
        // (1, 3): the values of a deletion are not read, only its key
        at(8, () -> in.insert(new Upsert(1, 3, false)));
        assertThat(run(out, u -> u.a() + "," + u.b())).containsExactlyInAnyOrder(
                "1,2@2:+1", "3,4@2:+1", "5,6@4:+1", "3,4@4:-1", "3,8@4:+1", "5,6@6:-1", "1,2@8:-1");
    }

    // ---- windowby: the docstrings' examples ----

    private static Reading r(String sensor, long t, long value) {
        return new Reading(sensor, t, value);
    }

    private static String stats(WindowStats w) {
        return w.sensor() + "," + w.start() + "," + w.end() + "," + w.count() + "," + w.total() + "," + w.highest();
    }

    private Captured<WindowStats> reduce(WindowedTable<Reading, Long> windows) {
        return tester.capture(windows.reduce(WindowStats_.of(Reading_.sensor, windows.start(), windows.end(), Reducers.count(),
                Reducers.sum(Reading_.value), Reducers.max(Reading_.value))));
    }

    @Test
    void tumblingAsPathwaysDocstring() {
        Table<Reading> t = tester.table(Reading_.SCHEMA, r("0", 12, 12), r("0", 13, 13), r("0", 14, 14), r("0", 15, 15), r("0", 16, 16),
                r("0", 17, 17), r("1", 12, 12), r("1", 13, 13));
        Captured<WindowStats> out = reduce(t.windowBy(Window.tumbling(5), Reading_.t, Reading_.sensor));
        tester.step();
        assertThat(out.rows()).map(PathwayVectorsTest::stats).containsExactlyInAnyOrder(
                "0,10,15,3,39,14", "0,15,20,3,48,17", "1,10,15,2,25,13");
    }

    @Test
    void slidingAsPathwaysDocstring() {
        Table<Reading> t = tester.table(Reading_.SCHEMA, r("0", 12, 12), r("0", 13, 13), r("0", 14, 14), r("0", 15, 15), r("0", 16, 16),
                r("0", 17, 17), r("1", 10, 10), r("1", 11, 11));
        Captured<WindowStats> out = reduce(t.windowBy(Window.sliding(3, 10), Reading_.t, Reading_.sensor));
        tester.step();
        // Pathway: (start, end, min_t, max_t, count); here the total stands for min_t (checked through the count and max)
        assertThat(out.rows()).map(w -> w.sensor() + "," + w.start() + "," + w.end() + "," + w.count() + "," + w.highest())
                .containsExactlyInAnyOrder("0,3,13,1,12", "0,6,16,4,15", "0,9,19,6,17", "0,12,22,6,17", "0,15,25,3,17",
                        "1,3,13,2,11", "1,6,16,2,11", "1,9,19,2,11");
    }

    @Test
    void sessionByPredicateAsPathwaysDocstring() {
        Table<Reading> t = tester.table(Reading_.SCHEMA, r("0", 1, 10), r("0", 2, 1), r("0", 4, 3), r("0", 8, 2), r("0", 9, 4),
                r("0", 10, 8), r("1", 1, 9), r("1", 2, 16));
        Captured<WindowStats> out = reduce(t.windowBy(Window.<Long>session((a, b) -> Math.abs(a - b) <= 1), Reading_.t, Reading_.sensor));
        tester.step();
        // Pathway: (instance, min_t, max_v, count) = (0, 1, 10, 2), (0, 4, 3, 1), (0, 8, 8, 3), (1, 1, 16, 2)
        assertThat(out.rows()).map(w -> w.sensor() + "," + w.start() + "," + w.end() + "," + w.highest() + "," + w.count())
                .containsExactlyInAnyOrder("0,1,2,10,2", "0,4,4,3,1", "0,8,10,8,3", "1,1,2,16,2");
    }

    @Test
    void intervalsOverAsPathwaysDocstring() {
        Table<Reading> t = tester.table(Reading_.SCHEMA, r("x", 1, 10), r("x", 2, 1), r("x", 4, 3), r("x", 8, 2), r("x", 9, 4),
                r("x", 10, 8), r("x", 1, 9), r("x", 2, 16));
        Table<Stamp> probes = tester.table(Stamp_.SCHEMA, s(0, 2), s(0, 4), s(0, 6), s(0, 8), s(0, 10));
        Captured<WindowStats> out = reduce(t.windowBy(Window.intervalsOver(probes, Stamp_.t, -2, 1, false), Reading_.t, Reading_.sensor));
        tester.step();
        // Pathway's sorted values per probe: 2 -> (1, 9, 10, 16), 4 -> (1, 3, 16), 6 -> (3), 8 -> (2, 4), 10 -> (2, 4, 8)
        assertThat(out.rows()).map(w -> (w.start() + 2) + ":" + w.count() + "," + w.total() + "," + w.highest())
                .containsExactlyInAnyOrder("2:4,36,16", "4:3,20,16", "6:1,3,3", "8:2,6,4", "10:3,14,8");
    }

    /**
     * test_windows_stream.py::test_exactly_once_from_behavior: 68 rows, each its own batch, with times
     * 0,0,1,1,...,16,16 twice over, in sliding windows of 5 every 3: every window is emitted once,
     * when the watermark reaches its end, with exactly the rows that arrived until then.
     */
    @Test
    void exactlyOnceAsPathwaysTestExactlyOnceFromBehavior() {
        TestInput<Reading> in = tester.input(Reading_.SCHEMA);
        WindowedTable<Reading, Long> windows = in.table().windowBy(Window.sliding(3, 5), Reading_.t)
                .withBehavior(Behavior.exactlyOnce());
        Captured<WindowStats> out = tester.capture(windows.reduce(WindowStats_.of(Reducers.max(Reading_.sensor), windows.start(),
                windows.end(), Reducers.count(), Reducers.max(Reading_.t), Reducers.max(Reading_.value))));
        for (int i = 0; i < 68; i++) {
            long time = (i / 2) % 17;
            int row = i;
            at(2 * (i + 1), () -> in.insert(r("all", time, row)));
        }
        List<String> changes = run(out, w -> w.end() + ": max_time " + w.total() + ", max_value " + w.highest());
        // Each window comes out, in order, at the batch of the first row at its end (row i is batch 2 * (i + 1): the window
        // ending at 2 with the row i = 4 at time 2). The windows ending at 17 and 20 are flushed by Pathway only at the end
        // of the stream; the second pass of times 0..16 is late for every window that was emitted.
        assertThat(changes).containsExactly("2: max_time 1, max_value 3@10:+1", "5: max_time 4, max_value 9@22:+1",
                "8: max_time 7, max_value 15@34:+1", "11: max_time 10, max_value 21@46:+1", "14: max_time 13, max_value 27@58:+1");
    }

    // ---- asof_join: the docstring's examples ----

    private static Quote q(String sym, long t, long price) {
        return new Quote(sym, t, price);
    }

    private static String paired(Paired p) {
        return p.leftValue() + "," + p.rightValue() + "," + p.leftT() + "," + p.rightT();
    }

    private static dev.tideway.Projection<Paired> pairedProjection() {
        return Paired_.of(JoinResult.left(Quote_.t), JoinResult.left(Quote_.price), JoinResult.right(Quote_.t), JoinResult.right(Quote_.price));
    }

    @Test
    void asofJoinAsPathwaysDocstring() {
        Table<Quote> t1 = tester.table(Quote_.SCHEMA, q("0", 1, 1), q("0", 4, 2), q("0", 5, 3), q("0", 6, 4), q("0", 7, 5), q("0", 11, 6),
                q("0", 12, 7), q("1", 5, 8), q("1", 7, 9));
        Table<Quote> t2 = tester.table(Quote_.SCHEMA, q("1", 2, 7), q("1", 8, 3), q("0", 2, 0), q("0", 3, 6), q("0", 7, 2), q("0", 8, 3),
                q("0", 9, 9), q("0", 13, 7), q("0", 14, 4));
        Captured<Paired> out = tester.capture(t1.asofJoin(t2, Quote_.t, Quote_.t).on(JoinOn.of(Quote_.sym, Quote_.sym)).kind(JoinKind.LEFT)
                .select(pairedProjection()));
        tester.step();
        // Pathway (instance, t, val_left, val_right) with defaults -1 for no match; here null
        assertThat(out.rows()).map(PathwayVectorsTest::paired).containsExactlyInAnyOrder(
                "1,null,1,null", "2,6,4,3", "3,6,5,3", "4,6,6,3", "5,2,7,7", "6,9,11,9", "7,9,12,9", "8,7,5,2", "9,7,7,2");
    }

    private void asofCutoffInputs(TestInput<Quote> t1, TestInput<Quote> t2) {
        at(2, () -> t2.insert(q("", 1, 42)));
        at(4, () -> t1.insert(q("", 2, 2)));
        at(6, () -> t1.insert(q("", 5, 3)));
        at(8, () -> t1.insert(q("", 1, 4)));
        at(10, () -> t2.insert(q("", 4, 8)));
        at(14, () -> t1.insert(q("", 7, 5)));
    }

    @Test
    void asofJoinWithoutCutoffAsPathwaysDocstring() {
        TestInput<Quote> t1 = tester.input(Quote_.SCHEMA);
        TestInput<Quote> t2 = tester.input(Quote_.SCHEMA);
        Captured<Paired> out = tester.capture(t1.table().asofJoin(t2.table(), Quote_.t, Quote_.t).kind(JoinKind.LEFT)
                .select(pairedProjection()));
        asofCutoffInputs(t1, t2);
        assertThat(run(out, PathwayVectorsTest::paired)).containsExactlyInAnyOrder(
                "2,42,2,1@4:+1", "3,42,5,1@6:+1", "4,42,1,1@8:+1", "3,42,5,1@10:-1", "3,8,5,4@10:+1", "5,8,7,4@14:+1");
    }

    @Test
    void asofJoinWithCutoffAsPathwaysDocstring() {
        TestInput<Quote> t1 = tester.input(Quote_.SCHEMA);
        TestInput<Quote> t2 = tester.input(Quote_.SCHEMA);
        Captured<Paired> out = tester.capture(t1.table().asofJoin(t2.table(), Quote_.t, Quote_.t).kind(JoinKind.LEFT)
                .withBehavior(Behavior.cutoff(2)).select(pairedProjection()));
        asofCutoffInputs(t1, t2);
        // the left row at time 1 is late: 1 <= 5 - 2
        assertThat(run(out, PathwayVectorsTest::paired)).containsExactlyInAnyOrder(
                "2,42,2,1@4:+1", "3,42,5,1@6:+1", "3,42,5,1@10:-1", "3,8,5,4@10:+1", "5,8,7,4@14:+1");
    }

    @Test
    void asofJoinDirections() {
        Table<Quote> left = tester.table(Quote_.SCHEMA, q("k", 5, 1), q("k", 10, 2), q("k", 20, 3));
        Table<Quote> right = tester.table(Quote_.SCHEMA, q("k", 4, 40), q("k", 9, 90), q("k", 12, 120), q("k", 25, 250));
        Captured<Paired> forward = tester.capture(left.asofJoin(right, Quote_.t, Quote_.t).direction(AsofDirection.FORWARD)
                .select(pairedProjection()));
        Captured<Paired> nearest = tester.capture(left.asofJoin(right, Quote_.t, Quote_.t).direction(AsofDirection.NEAREST)
                .select(pairedProjection()));
        Captured<Paired> rightDriven = tester.capture(left.asofJoin(right, Quote_.t, Quote_.t).kind(JoinKind.RIGHT)
                .select(pairedProjection()));
        tester.step();
        assertThat(forward.rows()).map(PathwayVectorsTest::paired).containsExactlyInAnyOrder("1,90,5,9", "2,120,10,12", "3,250,20,25");
        // 20 is 8 from 12 and 5 from 25; 5 is 1 from 4; 10 is 1 from 9
        assertThat(nearest.rows()).map(PathwayVectorsTest::paired).containsExactlyInAnyOrder("1,40,5,4", "2,90,10,9", "3,250,20,25");
        // every right row with the latest left row at or before it
        assertThat(rightDriven.rows()).map(PathwayVectorsTest::paired).containsExactlyInAnyOrder(
                "null,40,null,4", "1,90,5,9", "2,120,10,12", "3,250,20,25");
    }

    // ---- window_join: the docstring's examples ----

    private String pairs(Captured<Paired> out) {
        return out.rows().stream().map(p -> p.leftT() + "-" + p.rightT()).sorted().toList().toString();
    }

    @Test
    void windowJoinAsPathwaysDocstring() {
        Table<Quote> t1 = tester.table(Quote_.SCHEMA, q("", 1, 0), q("", 2, 0), q("", 3, 0), q("", 7, 0), q("", 13, 0));
        Table<Quote> t2 = tester.table(Quote_.SCHEMA, q("", 2, 0), q("", 5, 0), q("", 6, 0), q("", 7, 0));
        Captured<Paired> tumbling = tester.capture(t1.windowJoin(t2, Quote_.t, Quote_.t, Window.tumbling(2)).select(pairedProjection()));
        Captured<Paired> sliding = tester.capture(t1.windowJoin(t2, Quote_.t, Quote_.t, Window.sliding(1, 2)).select(pairedProjection()));
        Table<Quote> k1 = tester.table(Quote_.SCHEMA, q("1", 1, 0), q("1", 2, 0), q("1", 3, 0), q("1", 7, 0), q("1", 13, 0), q("2", 1, 0),
                q("2", 2, 0), q("3", 4, 0));
        Table<Quote> k2 = tester.table(Quote_.SCHEMA, q("1", 2, 0), q("1", 5, 0), q("1", 6, 0), q("1", 7, 0), q("2", 2, 0), q("2", 3, 0),
                q("4", 3, 0));
        Captured<Paired> keyed = tester.capture(k1.windowJoin(k2, Quote_.t, Quote_.t, Window.tumbling(2)).on(JoinOn.of(Quote_.sym, Quote_.sym))
                .select(pairedProjection()));
        tester.step();
        assertThat(pairs(tumbling)).isEqualTo("[2-2, 3-2, 7-6, 7-7]");
        assertThat(pairs(sliding)).isEqualTo("[1-2, 2-2, 2-2, 3-2, 7-6, 7-7, 7-7]");
        assertThat(pairs(keyed)).isEqualTo("[2-2, 2-2, 2-3, 3-2, 7-6, 7-7]");
    }

    @Test
    void windowJoinOfSessionsAsPathwaysDocstring() {
        Table<Quote> t1 = tester.table(Quote_.SCHEMA, q("", 0, 0), q("", 5, 0), q("", 10, 0), q("", 15, 0), q("", 17, 0));
        Table<Quote> t2 = tester.table(Quote_.SCHEMA, q("", -3, 0), q("", 2, 0), q("", 3, 0), q("", 6, 0), q("", 16, 0));
        Captured<Paired> sessions = tester.capture(t1.windowJoin(t2, Quote_.t, Quote_.t, Window.<Long>session((a, b) -> Math.abs(a - b) <= 2))
                .select(pairedProjection()));
        Table<Quote> k1 = tester.table(Quote_.SCHEMA, q("1", 1, 0), q("1", 4, 0), q("1", 7, 0), q("2", 0, 0), q("2", 3, 0), q("2", 4, 0),
                q("2", 7, 0), q("3", 4, 0));
        Table<Quote> k2 = tester.table(Quote_.SCHEMA, q("1", -1, 0), q("1", 6, 0), q("2", 2, 0), q("2", 10, 0), q("4", 3, 0));
        Captured<Paired> keyed = tester.capture(k1.windowJoin(k2, Quote_.t, Quote_.t, Window.<Long>session((a, b) -> Math.abs(a - b) <= 2))
                .on(JoinOn.of(Quote_.sym, Quote_.sym)).select(pairedProjection()));
        tester.step();
        assertThat(pairs(sessions)).isEqualTo("[0-2, 0-3, 0-6, 15-16, 17-16, 5-2, 5-3, 5-6]");
        // Pathway: key 1: (1, -1), (4, 6), (7, 6); key 2: (0, 2), (3, 2), (4, 2)
        assertThat(pairs(keyed)).isEqualTo("[0-2, 1--1, 3-2, 4-2, 4-6, 7-6]");
    }

    @Test
    void intervalJoinAsPathwaysDocstring() {
        Table<Quote> t1 = tester.table(Quote_.SCHEMA, q("", 3, 0), q("", 4, 0), q("", 5, 0), q("", 11, 0));
        Table<Quote> t2 = tester.table(Quote_.SCHEMA, q("", 0, 0), q("", 1, 0), q("", 4, 0), q("", 7, 0));
        Captured<Paired> inner = tester.capture(t1.intervalJoin(t2, Quote_.t, Quote_.t, dev.tideway.Interval.of(-2, 1))
                .select(pairedProjection()));
        Captured<Paired> outer = tester.capture(t1.intervalJoin(t2, Quote_.t, Quote_.t, dev.tideway.Interval.of(-2, 1)).kind(JoinKind.OUTER)
                .select(pairedProjection()));
        tester.step();
        assertThat(pairs(inner)).isEqualTo("[3-1, 3-4, 4-4, 5-4]");
        assertThat(pairs(outer)).isEqualTo("[11-null, 3-1, 3-4, 4-4, 5-4, null-0, null-7]");
    }
}
