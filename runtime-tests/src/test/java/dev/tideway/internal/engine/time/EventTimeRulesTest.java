package dev.tideway.internal.engine.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tideway.Behavior;
import dev.tideway.Exprs;
import dev.tideway.Reducers;
import dev.tideway.Table;
import dev.tideway.Window;
import dev.tideway.WindowedTable;
import dev.tideway.internal.engine.fixtures.Event;
import dev.tideway.internal.engine.fixtures.EventWindow;
import dev.tideway.internal.engine.fixtures.EventWindow_;
import dev.tideway.internal.engine.fixtures.Event_;
import dev.tideway.internal.engine.fixtures.Paired;
import dev.tideway.internal.engine.fixtures.Paired_;
import dev.tideway.internal.engine.fixtures.Reading;
import dev.tideway.internal.engine.fixtures.Reading_;
import dev.tideway.internal.engine.fixtures.WindowStats;
import dev.tideway.internal.engine.fixtures.WindowStats_;
import dev.tideway.schema.ValueTypes;
import dev.tideway.testing.Captured;
import dev.tideway.testing.PipelineTester;
import dev.tideway.testing.TestInput;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** Watermarks declared on tables, event times of Instants, and the errors a pipeline can meet. */
class EventTimeRulesTest {
    private final PipelineTester tester = new PipelineTester();

    private static Table<WindowStats> stats(WindowedTable<Reading, Long> windows) {
        return windows.reduce(WindowStats_.of(Reading_.sensor, windows.start(), windows.end(), Reducers.count(), Reducers.sum(Reading_.value),
                Reducers.max(Reading_.value)));
    }

    private static Reading r(String sensor, long t) {
        return new Reading(sensor, t, t);
    }

    /**
     * Two sources with watermarks feed one window operator: it follows the least of them, so a row
     * far behind the fast source is on time while the slow source has not caught up.
     */
    @Test
    void anOperatorFollowsTheLeastOfTheWatermarksBeforeIt() {
        TestInput<Reading> fast = tester.input(Reading_.SCHEMA);
        TestInput<Reading> slow = tester.input(Reading_.SCHEMA);
        Table<Reading> both = fast.table().withWatermark(Reading_.t, 2).concat(slow.table().withWatermark(Reading_.t, 0));
        Captured<WindowStats> out = tester.capture(stats(both.windowBy(Window.tumbling(10), Reading_.t, Reading_.sensor)
                .withBehavior(Behavior.cutoff(0L))));
        fast.insert(r("f", 100));
        slow.insert(r("s", 12));
        tester.step();      // the watermark is min(100 - 2, 12) = 12
        fast.insert(r("f", 15));
        tester.step();      // [10, 20) ends after 12: on time
        assertThat(out.rows()).extracting(WindowStats::sensor, WindowStats::start, WindowStats::count)
                .contains(org.assertj.core.groups.Tuple.tuple("f", 10L, 1L));
        slow.insert(r("s", 40));
        tester.step();      // now min(98, 40) = 40
        fast.insert(r("f", 25));
        tester.step();      // [20, 30) ended at 30 <= 40: late
        assertThat(out.rows()).extracting(WindowStats::start).doesNotContain(20L);
    }

    @Test
    void withoutADeclaredWatermarkAnOperatorFollowsTheGreatestTimeItSaw() {
        TestInput<Reading> fast = tester.input(Reading_.SCHEMA);
        TestInput<Reading> slow = tester.input(Reading_.SCHEMA);
        Captured<WindowStats> out = tester.capture(stats(fast.table().concat(slow.table()).windowBy(Window.tumbling(10), Reading_.t,
                Reading_.sensor).withBehavior(Behavior.cutoff(0L))));
        fast.insert(r("f", 100));
        slow.insert(r("s", 12));
        tester.step();
        fast.insert(r("f", 15));
        tester.step();      // the operator saw 100: [10, 20) is late
        assertThat(out.rows()).extracting(WindowStats::sensor).containsOnly("f", "s").hasSize(2);
    }

    @Test
    void allowedLatenessHoldsExactlyOnceResultsBack() {
        TestInput<Reading> in = tester.input(Reading_.SCHEMA);
        Captured<WindowStats> out = tester.capture(stats(in.table().withWatermark(Reading_.t, 5)
                .windowBy(Window.tumbling(10), Reading_.t, Reading_.sensor).withBehavior(Behavior.exactlyOnce())));
        in.insert(r("a", 3), r("a", 14));
        tester.step();      // watermark 14 - 5 = 9: [0, 10) is not final yet
        assertThat(out.rows()).isEmpty();
        in.insert(r("a", 8));
        tester.step();      // a row 6 behind the greatest time is on time
        in.insert(r("a", 15));
        tester.step();      // watermark 10: [0, 10) is final, with both rows
        assertThat(out.rows()).extracting(WindowStats::start, WindowStats::count).containsExactly(org.assertj.core.groups.Tuple.tuple(0L, 2L));
    }

    @Test
    void windowsOfInstantsHaveInstantBounds() {
        TestInput<Event> in = tester.input(Event_.SCHEMA);
        WindowedTable<Event, Instant> windows = in.table().windowBy(Window.sliding(Duration.ofMinutes(5), Duration.ofMinutes(10)), Event_.at,
                Event_.key).withBehavior(Behavior.delay(Duration.ofMinutes(3)).withCutoff(Duration.ofMinutes(10)));
        Captured<EventWindow> out = tester.capture(windows.reduce(EventWindow_.of(Event_.key, windows.start(), windows.end(),
                Reducers.count())));
        in.insert(new Event("k", Instant.parse("2026-03-01T10:07:30Z"), 1));
        tester.step();      // watermark 10:07:30: [10:00, 10:10) is released (start + 3 min), [10:05, 10:15) is not yet
        assertThat(out.rows()).containsExactly(new EventWindow("k", Instant.parse("2026-03-01T10:00:00Z"),
                Instant.parse("2026-03-01T10:10:00Z"), 1));
    }

    @Test
    void aBehaviourWhoseLengthsDoNotFitTheTimeColumnIsRefusedWhenTheReduceIsBuilt() {
        TestInput<Reading> in = tester.input(Reading_.SCHEMA);
        WindowedTable<Reading, Long> windows = in.table().windowBy(Window.tumbling(10), Reading_.t, Reading_.sensor)
                .withBehavior(Behavior.cutoff(Duration.ofMinutes(1)));
        assertThatThrownBy(() -> stats(windows)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lengths given as Durations but the time column t is a long (give longs)");
    }

    @Test
    void behavioursRefuseWhatCannotWork() {
        assertThatThrownBy(() -> Behavior.delay(Duration.ofSeconds(1)).withCutoff(5L)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("all Durations").hasMessageContaining("or all longs");
        assertThatThrownBy(() -> Behavior.delay(5L).keepResults(false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs a cutoff");
        assertThatThrownBy(() -> Behavior.cutoff(-1L)).hasMessageContaining("must not be negative");
        TestInput<Reading> in = tester.input(Reading_.SCHEMA);
        WindowedTable<Reading, Long> predicate = in.table().windowBy(Window.<Long>session((a, b) -> b - a < 3), Reading_.t, Reading_.sensor)
                .withBehavior(Behavior.cutoff(10L));
        assertThatThrownBy(() -> stats(predicate)).hasMessageContaining("a session given by a predicate has no bound")
                .hasMessageContaining("use Window.session(maxGap)");
    }

    @Test
    void aWindowJoinOfIntervalsOverOrOfSessionsWithABehaviourIsRefused() {
        TestInput<Reading> in = tester.input(Reading_.SCHEMA);
        TestInput<dev.tideway.internal.engine.fixtures.Stamp> probes = tester.input(dev.tideway.internal.engine.fixtures.Stamp_.SCHEMA);
        assertThatThrownBy(() -> in.table().windowJoin(in.table(), Reading_.t, Reading_.t,
                Window.intervalsOver(probes.table(), dev.tideway.internal.engine.fixtures.Stamp_.t, 0, 1, false)))
                .hasMessageContaining("windowJoin pairs rows in tumbling, sliding or session windows").hasMessageContaining("use intervalJoin");
        assertThatThrownBy(() -> in.table().windowJoin(in.table(), Reading_.t, Reading_.t, Window.session(3))
                .withBehavior(Behavior.cutoff(5L)).select(Paired_.of(dev.tideway.JoinResult.left(Reading_.t),
                        dev.tideway.JoinResult.left(Reading_.value), dev.tideway.JoinResult.right(Reading_.t),
                        dev.tideway.JoinResult.right(Reading_.value))))
                .hasMessageContaining("a join of sessions takes no behaviour");
    }

    @Test
    void aRowWithoutAnEventTimeStopsTheRunNamingTheColumn() {
        TestInput<Paired> in = tester.input(Paired_.SCHEMA);
        tester.capture(in.table().forget(Paired_.leftT, 3));
        in.insert(new Paired(null, 1L, 2L, 3L));
        assertThatThrownBy(tester::step).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("forget: a row has no event time (leftT is null)")
                .hasMessageContaining("filter out the rows without one");
    }

    @Test
    void anEventTimeOutsideTheRangeOfNanosecondTicksStopsTheRunWithThatRange() {
        TestInput<Reading> in = tester.input(Reading_.SCHEMA);
        tester.capture(in.table().forget(Exprs.apply(ValueTypes.LOCAL_DATE, Reading_.t, LocalDate::ofEpochDay), Duration.ofDays(1)));
        in.insert(r("a", 200_000));
        assertThatThrownBy(tester::step).isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("event time 2517-08-01 is outside 1677-09-21..2262-04-11, the times that nanoseconds since the epoch count");
    }

    @Test
    void appendOnlyAppliesToSourcesAndRefusesDeletions() {
        TestInput<Reading> in = tester.input(Reading_.SCHEMA);
        Table<Reading> readings = in.table().appendOnly();
        assertThatThrownBy(() -> readings.forget(Reading_.t, 5).appendOnly()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("applies to a table read from a source");
        Captured<Reading> out = tester.capture(readings);
        in.insert(r("a", 1));
        tester.step();
        assertThat(out.rows()).hasSize(1);
        in.delete(r("a", 1));
        assertThatThrownBy(tester::step).hasMessageContaining("is append-only: it cannot delete");
    }
}
