package dev.tideway.internal.engine;

import static dev.tideway.internal.engine.EventTimeDifferentialTest.LEFT_QUOTES;
import static dev.tideway.internal.engine.EventTimeDifferentialTest.PROBES;
import static dev.tideway.internal.engine.EventTimeDifferentialTest.READINGS;
import static dev.tideway.internal.engine.EventTimeDifferentialTest.RIGHT_QUOTES;
import static dev.tideway.internal.engine.EventTimeDifferentialTest.paired;
import static dev.tideway.internal.engine.EventTimeDifferentialTest.stats;

import dev.tideway.AsofDirection;
import dev.tideway.Behavior;
import dev.tideway.Interval;
import dev.tideway.JoinKind;
import dev.tideway.JoinOn;
import dev.tideway.Window;
import dev.tideway.internal.engine.Scenario.Pipeline;
import dev.tideway.internal.engine.Scenario.Source;
import dev.tideway.internal.engine.fixtures.Paired;
import dev.tideway.internal.engine.fixtures.Quote;
import dev.tideway.internal.engine.fixtures.Quote_;
import dev.tideway.internal.engine.fixtures.Reading;
import dev.tideway.internal.engine.fixtures.Reading_;
import dev.tideway.internal.engine.fixtures.Stamp;
import dev.tideway.internal.engine.fixtures.Stamp_;
import dev.tideway.internal.engine.fixtures.Upsert;
import dev.tideway.internal.engine.fixtures.Upsert_;
import dev.tideway.internal.engine.fixtures.WindowStats;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Snapshot and restore of every event-time operator, with behaviours that hold, forget and drop
 * late rows: snapshotted halfway (clock, held rows, windows and join buffers encoded with the
 * schemas' codecs), restored into a fresh copy of the pipeline, it continues exactly like the
 * original, late rows included.
 */
class EventTimeSnapshotRestoreTest {
    static LongStream seeds() {
        return LongStream.range(0, 15);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void tumblingWithDelayAndCutoffRetractingResults(long seed) {
        SnapshotRestoreTest.check(seed, calls -> (Pipeline<Reading, Void, WindowStats>) (in, none) -> stats(in.windowBy(Window.tumbling(4),
                Reading_.t, Reading_.sensor).withBehavior(Behavior.delay(2L).withCutoff(1L).keepResults(false))), READINGS);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void slidingExactlyOnce(long seed) {
        SnapshotRestoreTest.check(seed, calls -> (Pipeline<Reading, Void, WindowStats>) (in, none) -> stats(in.windowBy(Window.sliding(2, 5),
                Reading_.t, Reading_.sensor).withBehavior(Behavior.exactlyOnce(1L))), READINGS);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void sessionsWithDelayAndCutoff(long seed) {
        SnapshotRestoreTest.check(seed, calls -> (Pipeline<Reading, Void, WindowStats>) (in, none) -> stats(in.windowBy(Window.session(3),
                Reading_.t, Reading_.sensor).withBehavior(Behavior.delay(1L).withCutoff(2L))), READINGS);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void sessionsByPredicateExactlyOnceByGap(long seed) {
        SnapshotRestoreTest.check(seed, calls -> (Pipeline<Reading, Void, WindowStats>) (in, none) -> stats(in.windowBy(Window.session(2),
                Reading_.t, Reading_.sensor).withBehavior(Behavior.exactlyOnce())), READINGS);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void intervalsOverWithCutoff(long seed) {
        SnapshotRestoreTest.check(seed, calls -> (Pipeline<Reading, Stamp, WindowStats>) (in, probes) -> stats(in.windowBy(
                Window.intervalsOver(probes, Stamp_.t, -2, 2, true), Reading_.t, Reading_.sensor).withBehavior(Behavior.cutoff(3L))),
                READINGS, PROBES);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void asofJoinWithDelayAndCutoff(long seed) {
        SnapshotRestoreTest.check(seed, calls -> (Pipeline<Quote, Quote, Paired>) (left, right) -> left.asofJoin(right, Quote_.t, Quote_.t)
                .on(JoinOn.of(Quote_.sym, Quote_.sym)).kind(JoinKind.OUTER).direction(AsofDirection.NEAREST)
                .withBehavior(Behavior.delay(1L).withCutoff(2L).keepResults(false)).select(paired()), LEFT_QUOTES, RIGHT_QUOTES);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void intervalJoinWithDelayAndCutoff(long seed) {
        SnapshotRestoreTest.check(seed, calls -> (Pipeline<Quote, Quote, Paired>) (left, right) -> left.intervalJoin(right, Quote_.t,
                Quote_.t, Interval.of(-1, 2)).on(JoinOn.of(Quote_.sym, Quote_.sym)).kind(JoinKind.OUTER)
                .withBehavior(Behavior.delay(1L).withCutoff(2L).keepResults(false)).select(paired()), LEFT_QUOTES, RIGHT_QUOTES);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void windowJoinWithDelayAndCutoff(long seed) {
        SnapshotRestoreTest.check(seed, calls -> (Pipeline<Quote, Quote, Paired>) (left, right) -> left.windowJoin(right, Quote_.t,
                Quote_.t, Window.tumbling(3)).on(JoinOn.of(Quote_.sym, Quote_.sym)).kind(JoinKind.LEFT)
                .withBehavior(Behavior.delay(1L).withCutoff(1L)).select(paired()), LEFT_QUOTES, RIGHT_QUOTES);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void windowJoinOfSessions(long seed) {
        SnapshotRestoreTest.check(seed, calls -> (Pipeline<Quote, Quote, Paired>) (left, right) -> left.windowJoin(right, Quote_.t,
                Quote_.t, Window.session(2)).on(JoinOn.of(Quote_.sym, Quote_.sym)).kind(JoinKind.OUTER).select(paired()),
                LEFT_QUOTES, RIGHT_QUOTES);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void forgetBufferAndIgnoreLate(long seed) {
        // rows unique while live (they are keyed by content, and concat needs distinct keys)
        SnapshotRestoreTest.check(seed, calls -> (Pipeline<Stamp, Stamp, Stamp>) (a, b) -> a.forget(Stamp_.t, 4)
                .concat(b.buffer(Stamp_.t, 2).ignoreLate(Stamp_.t, 6)),
                Source.keyed(Stamp_.SCHEMA, r -> new Stamp(r.nextInt(3), r.nextInt(20)), row -> row),
                Source.keyed(Stamp_.SCHEMA, r -> new Stamp(10 + r.nextInt(5), r.nextInt(20)), row -> row));
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void watermarkedWindows(long seed) {
        SnapshotRestoreTest.check(seed, calls -> (Pipeline<Reading, Void, WindowStats>) (in, none) -> stats(in.withWatermark(Reading_.t, 2)
                .windowBy(Window.tumbling(4), Reading_.t, Reading_.sensor).withBehavior(Behavior.cutoff(0L))), READINGS);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void streamToTable(long seed) {
        SnapshotRestoreTest.check(seed, calls -> (Pipeline<Upsert, Void, Upsert>) (in, none) -> in.withIdFrom(Upsert_.a)
                .streamToTable(Upsert_.c), Source.of(Upsert_.SCHEMA, r -> new Upsert(r.nextInt(4), r.nextInt(3), r.nextInt(3) > 0)));
    }
}
