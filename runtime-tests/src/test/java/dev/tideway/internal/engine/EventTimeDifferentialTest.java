package dev.tideway.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tideway.AsofDirection;
import dev.tideway.Behavior;
import dev.tideway.Interval;
import dev.tideway.JoinKind;
import dev.tideway.JoinOn;
import dev.tideway.JoinResult;
import dev.tideway.Reducers;
import dev.tideway.Table;
import dev.tideway.Window;
import dev.tideway.WindowedTable;
import dev.tideway.internal.engine.Scenario.Op;
import dev.tideway.internal.engine.Scenario.Pipeline;
import dev.tideway.internal.engine.Scenario.Source;
import dev.tideway.internal.engine.fixtures.Event;
import dev.tideway.internal.engine.fixtures.EventWindow;
import dev.tideway.internal.engine.fixtures.EventWindow_;
import dev.tideway.internal.engine.fixtures.Event_;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Randomized differential tests of the event-time operators. Without a behaviour, an operator's
 * output depends on its live input only: after every step of random inserts and deletes (with late
 * and out-of-order times), the incremental output equals the output computed from scratch on the
 * live rows, keys included. With a behaviour (delay, cutoff, forgetting), the output depends on the
 * batches too, so it is checked after every step against a model written from the documented rules.
 */
class EventTimeDifferentialTest {
    static final int STEPS = 12;

    static LongStream seeds() {
        return LongStream.range(0, 30);
    }

    static final Source<Reading> READINGS = Source.of(Reading_.SCHEMA,
            r -> new Reading(OperatorDifferentialTest.pick(r, "a", "b"), r.nextInt(16), r.nextInt(5)));
    static final Source<Quote> LEFT_QUOTES = Source.of(Quote_.SCHEMA,
            r -> new Quote(OperatorDifferentialTest.pick(r, "x", "y"), r.nextInt(12), r.nextInt(10)));
    static final Source<Quote> RIGHT_QUOTES = Source.of(Quote_.SCHEMA,
            r -> new Quote(OperatorDifferentialTest.pick(r, "x", "y"), r.nextInt(12), 10 + r.nextInt(10)));
    static final Source<Stamp> PROBES = Source.of(Stamp_.SCHEMA, r -> new Stamp(0, r.nextInt(16)));
    static final Instant EPOCH_DAY = Instant.parse("2026-03-01T00:00:00Z");
    static final Source<Event> EVENTS = Source.of(Event_.SCHEMA,
            r -> new Event(OperatorDifferentialTest.pick(r, "p", "q"), EPOCH_DAY.plusSeconds(r.nextInt(600)), r.nextInt(4)));

    static <O> void check(long seed, Pipeline<?, ?, O> pipeline, Source<?>... sources) {
        Scenario.random(seed, STEPS, sources).checkAgainstBatch(pipeline);
    }

    static Table<WindowStats> stats(WindowedTable<Reading, Long> windows) {
        return windows.reduce(WindowStats_.of(Reading_.sensor, windows.start(), windows.end(), Reducers.count(), Reducers.sum(Reading_.value),
                Reducers.max(Reading_.value)));
    }

    // ---- windows, against the batch result ----

    @ParameterizedTest
    @MethodSource("seeds")
    void tumblingWindows(long seed) {
        check(seed, (Pipeline<Reading, Void, WindowStats>) (in, none) -> stats(in.windowBy(Window.tumbling(4), Reading_.t, Reading_.sensor)),
                READINGS);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void slidingWindows(long seed) {
        check(seed, (Pipeline<Reading, Void, WindowStats>) (in, none) -> stats(in.windowBy(Window.sliding(2, 5), Reading_.t,
                Reading_.sensor)), READINGS);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void sessionsByGap(long seed) {
        check(seed, (Pipeline<Reading, Void, WindowStats>) (in, none) -> stats(in.windowBy(Window.session(3), Reading_.t, Reading_.sensor)),
                READINGS);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void sessionsByPredicate(long seed) {
        // a predicate that is not a gap: times 2 apart join only if the later is even
        check(seed, (Pipeline<Reading, Void, WindowStats>) (in, none) -> stats(in.windowBy(
                Window.<Long>session((a, b) -> b - a <= 1 || (b - a == 2 && b % 2 == 0)), Reading_.t, Reading_.sensor)), READINGS);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void intervalsOver(long seed) {
        check(seed, (Pipeline<Reading, Stamp, WindowStats>) (in, probes) -> stats(in.windowBy(
                Window.intervalsOver(probes, Stamp_.t, -2, 3, false), Reading_.t, Reading_.sensor)), READINGS, PROBES);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void intervalsOverKeepingEmptyWindows(long seed) {
        check(seed, (Pipeline<Reading, Stamp, WindowStats>) (in, probes) -> stats(in.windowBy(
                Window.intervalsOver(probes, Stamp_.t, -1, 1, true), Reading_.t, Reading_.sensor)), READINGS, PROBES);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void tumblingWindowsOfInstants(long seed) {
        check(seed, (Pipeline<Event, Void, EventWindow>) (in, none) -> {
            WindowedTable<Event, Instant> windows = in.windowBy(Window.tumbling(Duration.ofMinutes(2)), Event_.at, Event_.key);
            return windows.reduce(EventWindow_.of(Event_.key, windows.start(), windows.end(), Reducers.count()));
        }, EVENTS);
    }

    // ---- temporal joins, against the batch result ----

    static dev.tideway.Projection<Paired> paired() {
        return Paired_.of(JoinResult.left(Quote_.t), JoinResult.left(Quote_.price), JoinResult.right(Quote_.t), JoinResult.right(Quote_.price));
    }

    @ParameterizedTest
    @EnumSource(JoinKind.class)
    void asofJoin(JoinKind kind) {
        for (AsofDirection direction : AsofDirection.values()) {
            for (long seed : seeds().toArray()) {
                check(seed, (Pipeline<Quote, Quote, Paired>) (left, right) -> left.asofJoin(right, Quote_.t, Quote_.t)
                        .on(JoinOn.of(Quote_.sym, Quote_.sym)).kind(kind).direction(direction).select(paired()), LEFT_QUOTES, RIGHT_QUOTES);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(JoinKind.class)
    void intervalJoin(JoinKind kind) {
        for (long seed : seeds().toArray()) {
            check(seed, (Pipeline<Quote, Quote, Paired>) (left, right) -> left.intervalJoin(right, Quote_.t, Quote_.t, Interval.of(-2, 1))
                    .on(JoinOn.of(Quote_.sym, Quote_.sym)).kind(kind).select(paired()), LEFT_QUOTES, RIGHT_QUOTES);
        }
    }

    @ParameterizedTest
    @EnumSource(JoinKind.class)
    void windowJoin(JoinKind kind) {
        for (long seed : seeds().toArray()) {
            check(seed, (Pipeline<Quote, Quote, Paired>) (left, right) -> left.windowJoin(right, Quote_.t, Quote_.t, Window.sliding(2, 4))
                    .on(JoinOn.of(Quote_.sym, Quote_.sym)).kind(kind).select(paired()), LEFT_QUOTES, RIGHT_QUOTES);
        }
    }

    @ParameterizedTest
    @EnumSource(JoinKind.class)
    void windowJoinOfSessions(JoinKind kind) {
        for (long seed : seeds().toArray()) {
            check(seed, (Pipeline<Quote, Quote, Paired>) (left, right) -> left.windowJoin(right, Quote_.t, Quote_.t, Window.session(2))
                    .on(JoinOn.of(Quote_.sym, Quote_.sym)).kind(kind).select(paired()), LEFT_QUOTES, RIGHT_QUOTES);
            check(seed, (Pipeline<Quote, Quote, Paired>) (left, right) -> left.windowJoin(right, Quote_.t, Quote_.t,
                    Window.<Long>session((a, b) -> b - a <= 2 && b % 3 != 0)).kind(kind).select(paired()), LEFT_QUOTES, RIGHT_QUOTES);
        }
    }

    // ---- history-dependent operators, against models of the documented rules ----

    /** The watermark as the operators keep it: the greatest time seen, as of the end of the step before. */
    static final long NONE = Long.MIN_VALUE;

    static long maxTime(List<Op> step, long watermark) {
        long max = watermark;
        for (Op op : step) {
            max = Math.max(max, timeOf(op.row()));
        }
        return max;
    }

    static long timeOf(Object row) {
        return row instanceof Stamp s ? s.t() : ((Reading) row).t();
    }

    static final Source<Stamp> STAMPS = Source.of(Stamp_.SCHEMA, r -> new Stamp(r.nextInt(3), r.nextInt(20)));

    /** forget: held until the watermark of a step reaches time + threshold, retracted at the next step; late changes ignored. */
    @ParameterizedTest
    @MethodSource("seeds")
    void forget(long seed) {
        Scenario scenario = Scenario.random(seed, STEPS, STAMPS);
        Scenario.Run<Stamp> run = scenario.start((Pipeline<Stamp, Void, Stamp>) (in, none) -> in.forget(Stamp_.t, 4));
        long watermark = NONE;
        List<Object> out = new ArrayList<>();
        for (List<Op> step : scenario.steps) {
            for (Op op : step) {
                if (!late(timeOf(op.row()) + 4, watermark)) {
                    apply(out, op.row(), op.diff());
                }
            }
            long before = watermark;
            out.removeIf(row -> timeOf(row) + 4 <= before);
            watermark = maxTime(step, watermark);
            run.apply(step);
            assertThat(new ArrayList<Object>(run.out.rows())).as("after %s", step).containsExactlyInAnyOrderElementsOf(out);
        }
    }

    /** buffer: held until the watermark including this step reaches time + threshold; a held row's retraction is silent. */
    @ParameterizedTest
    @MethodSource("seeds")
    void buffer(long seed) {
        Scenario scenario = Scenario.random(seed, STEPS, STAMPS);
        Scenario.Run<Stamp> run = scenario.start((Pipeline<Stamp, Void, Stamp>) (in, none) -> in.buffer(Stamp_.t, 3));
        long watermark = NONE;
        List<Object> held = new ArrayList<>();
        List<Object> out = new ArrayList<>();
        for (List<Op> step : scenario.steps) {
            for (Op op : step) {
                if (op.diff() > 0) {
                    held.add(op.row());
                } else if (!held.remove(op.row())) {
                    apply(out, op.row(), -1);
                }
            }
            watermark = maxTime(step, watermark);
            long now = watermark;
            for (Object row : List.copyOf(held)) {
                if (timeOf(row) + 3 <= now) {
                    held.remove(row);
                    out.add(row);
                }
            }
            run.apply(step);
            assertThat(new ArrayList<Object>(run.out.rows())).as("after %s", step).containsExactlyInAnyOrderElementsOf(out);
        }
    }

    /** ignoreLate: a change is dropped when its time + threshold the watermark of the step before reached. */
    @ParameterizedTest
    @MethodSource("seeds")
    void ignoreLate(long seed) {
        Scenario scenario = Scenario.random(seed, STEPS, STAMPS);
        Scenario.Run<Stamp> run = scenario.start((Pipeline<Stamp, Void, Stamp>) (in, none) -> in.ignoreLate(Stamp_.t, 2));
        long watermark = NONE;
        List<Object> out = new ArrayList<>();
        for (List<Op> step : scenario.steps) {
            for (Op op : step) {
                if (!late(timeOf(op.row()) + 2, watermark) && (op.diff() > 0 || out.contains(op.row()))) {
                    apply(out, op.row(), op.diff());
                }
            }
            watermark = maxTime(step, watermark);
            run.apply(step);
            assertThat(new ArrayList<Object>(run.out.rows())).as("after %s", step).containsExactlyInAnyOrderElementsOf(out);
        }
    }

    static boolean late(long threshold, long watermark) {
        return watermark != NONE && threshold <= watermark;
    }

    static void apply(List<Object> rows, Object row, int diff) {
        if (diff > 0) {
            rows.add(row);
        } else {
            assertThat(rows.remove(row)).as("model holds %s", row).isTrue();
        }
    }

    record Rules(Behavior behavior, long delay, long cutoff, boolean keep) {
        @Override
        public String toString() {
            return behavior.toString();
        }
    }

    static List<Rules> behaviours() {
        return List.of(
                new Rules(Behavior.delay(3L), 3, -1, true),
                new Rules(Behavior.cutoff(2L), -1, 2, true),
                new Rules(Behavior.cutoff(0L).keepResults(false), -1, 0, false),
                new Rules(Behavior.delay(1L).withCutoff(3L).keepResults(false), 1, 3, false),
                new Rules(Behavior.delay(2L).withCutoff(1L), 2, 1, true),
                new Rules(Behavior.exactlyOnce(), 4, 0, true),        // windows of 4: delay = 4 + shift, cutoff = shift
                new Rules(Behavior.exactlyOnce(2L), 6, 2, true));
    }

    /**
     * Tumbling windows of 4 with every behaviour: per row and window, late when the window's end plus
     * the cutoff the watermark of the step before reached; a window's result out once the watermark
     * reaches its start plus the delay; forgotten (its result kept or retracted) once the watermark of
     * the step before reached its end plus the cutoff.
     */
    @ParameterizedTest
    @MethodSource("seeds")
    void tumblingWindowsWithBehaviours(long seed) {
        for (Rules rules : behaviours()) {
            Scenario scenario = Scenario.random(seed, STEPS, READINGS);
            Scenario.Run<WindowStats> run = scenario.start((Pipeline<Reading, Void, WindowStats>) (in, none) ->
                    stats(in.windowBy(Window.tumbling(4), Reading_.t, Reading_.sensor).withBehavior(rules.behavior())));
            long watermark = NONE;
            Map<List<Object>, List<Long>> windows = new LinkedHashMap<>();
            List<WindowStats> kept = new ArrayList<>();
            Map<List<Object>, WindowStats> emitted = new HashMap<>();
            for (List<Op> step : scenario.steps) {
                for (Op op : step) {
                    Reading reading = (Reading) op.row();
                    long start = Math.floorDiv(reading.t(), 4) * 4;
                    if (rules.cutoff() >= 0 && late(start + 4 + rules.cutoff(), watermark)) {
                        continue;
                    }
                    List<Long> values = windows.computeIfAbsent(List.of(reading.sensor(), start), w -> new ArrayList<>());
                    if (op.diff() > 0) {
                        values.add(reading.value());
                    } else {
                        assertThat(values.remove(reading.value())).isTrue();
                    }
                }
                long before = watermark;
                watermark = maxTime(step, watermark);
                if (rules.cutoff() >= 0) {
                    for (List<Object> window : List.copyOf(windows.keySet())) {
                        if (late((Long) window.get(1) + 4 + rules.cutoff(), before)) {
                            WindowStats last = emitted.remove(window);
                            if (last != null && rules.keep()) {
                                kept.add(last);
                            }
                            windows.remove(window);
                        }
                    }
                }
                List<WindowStats> expected = new ArrayList<>(kept);
                for (Map.Entry<List<Object>, List<Long>> window : windows.entrySet()) {
                    long start = (Long) window.getKey().get(1);
                    boolean released = rules.delay() < 0 || (watermark != NONE && start + rules.delay() <= watermark);
                    List<Long> values = window.getValue();
                    if (released && !values.isEmpty()) {
                        WindowStats stats = new WindowStats((String) window.getKey().get(0), start, start + 4, values.size(),
                                values.stream().mapToLong(Long::longValue).sum(), values.stream().mapToLong(Long::longValue).max().orElseThrow());
                        emitted.put(window.getKey(), stats);
                        expected.add(stats);
                    } else if (values.isEmpty()) {
                        emitted.remove(window.getKey());
                    }
                }
                run.apply(step);
                assertThat(run.out.rows()).as("%s, seed %d, after %s", rules, seed, step).containsExactlyInAnyOrderElementsOf(expected);
            }
        }
    }

    /** Exactly once: no window's result is ever retracted or changed once out. */
    @ParameterizedTest
    @MethodSource("seeds")
    void exactlyOnceWindowsAreEmittedOnce(long seed) {
        Random random = new Random(seed);
        Scenario scenario = Scenario.random(seed, STEPS, Source.of(Reading_.SCHEMA,
                r -> new Reading("s", r.nextInt(40), r.nextInt(5))));
        Scenario.Run<WindowStats> run = scenario.start((Pipeline<Reading, Void, WindowStats>) (in, none) ->
                stats(in.windowBy(Window.sliding(2 + random.nextInt(3), 6), Reading_.t, Reading_.sensor).withBehavior(Behavior.exactlyOnce(1L))));
        for (List<Op> step : scenario.steps) {
            run.apply(step);
        }
        assertThat(run.out.changes()).allMatch(change -> change.diff() > 0);
        assertThat(run.out.changes()).extracting(change -> change.row().start()).doesNotHaveDuplicates();
    }

    /** streamToTable: per key, the last upsert of the stream, unless a deletion came after it; retractions change nothing. */
    @ParameterizedTest
    @MethodSource("seeds")
    void streamToTable(long seed) {
        Scenario scenario = Scenario.random(seed, STEPS, Source.of(Upsert_.SCHEMA,
                r -> new Upsert(r.nextInt(4), r.nextInt(3), r.nextInt(3) > 0)));
        Scenario.Run<Upsert> run = scenario.start((Pipeline<Upsert, Void, Upsert>) (in, none) ->
                in.withIdFrom(Upsert_.a).streamToTable(Upsert_.c));
        Map<Long, Upsert> current = new HashMap<>();
        for (List<Op> step : scenario.steps) {
            for (Op op : step) {
                Upsert event = (Upsert) op.row();
                if (op.diff() > 0) {
                    if (event.c()) {
                        current.put(event.a(), event);
                    } else {
                        current.remove(event.a());
                    }
                }
            }
            run.apply(step);
            assertThat(run.out.rows()).as("after %s", step).containsExactlyInAnyOrderElementsOf(current.values());
        }
    }
}
