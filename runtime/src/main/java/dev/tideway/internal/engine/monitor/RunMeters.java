package dev.tideway.internal.engine.monitor;

import dev.tideway.internal.engine.CheckpointStatistics;
import dev.tideway.internal.engine.ErrorLogNode;
import dev.tideway.internal.engine.Node;
import dev.tideway.internal.engine.SinkNode;
import dev.tideway.internal.engine.SourceCounters;
import dev.tideway.internal.engine.SourceNode;
import dev.tideway.internal.engine.Stateful;
import dev.tideway.monitoring.CommitStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The run's metrics in a Micrometer registry, named and tagged as Micrometer's conventions say
 * ({@code tideway.source.rows} with the tag {@code source=<persistent id>}, base units of bytes and
 * seconds). Counters and gauges read what the {@link RunMonitor} published after the last batch, so
 * nothing is looked up or counted per row; timers and summaries are recorded once per commit.
 *
 * <table>
 * <caption>Meters</caption>
 * <tr><th>name</th><th>type</th><th>tags</th><th>what</th></tr>
 * <tr><td>tideway.source.rows</td><td>counter</td><td>source</td><td>rows read</td></tr>
 * <tr><td>tideway.source.bytes</td><td>counter, bytes</td><td>source</td><td>input read</td></tr>
 * <tr><td>tideway.source.units</td><td>counter</td><td>source</td><td>units (files, objects) read</td></tr>
 * <tr><td>tideway.source.units.pending</td><td>gauge</td><td>source</td><td>units the current read has left</td></tr>
 * <tr><td>tideway.source.lag</td><td>time gauge</td><td>source</td><td>time since the source's input was last all committed</td></tr>
 * <tr><td>tideway.source.bad.rows</td><td>counter</td><td>source</td><td>bad rows skipped</td></tr>
 * <tr><td>tideway.operator.rows.in / .out</td><td>counter</td><td>operator (its {@code named(...)} name, or kind#position), kind</td><td>changes received / emitted</td></tr>
 * <tr><td>tideway.operator.state.rows</td><td>gauge</td><td>operator, kind</td><td>rows its state holds</td></tr>
 * <tr><td>tideway.operator.state.bytes</td><td>gauge, bytes</td><td>operator, kind</td><td>its state in the last snapshot</td></tr>
 * <tr><td>tideway.operator.errors</td><td>counter</td><td>operator, kind</td><td>rows withheld for errors</td></tr>
 * <tr><td>tideway.sink.rows</td><td>counter</td><td>sink</td><td>changes written</td></tr>
 * <tr><td>tideway.sink.position</td><td>gauge, bytes</td><td>sink</td><td>committed position</td></tr>
 * <tr><td>tideway.commit.duration</td><td>timer</td><td></td><td>one per commit</td></tr>
 * <tr><td>tideway.commit.log.bytes</td><td>summary, bytes</td><td></td><td>appended to the log by a commit</td></tr>
 * <tr><td>tideway.commit.time</td><td>gauge</td><td></td><td>logical time of the last commit, epoch ms</td></tr>
 * <tr><td>tideway.snapshot.duration / .bytes</td><td>timer / summary</td><td></td><td>one per snapshot</td></tr>
 * <tr><td>tideway.recovery.duration</td><td>timer</td><td></td><td>the recovery at the start</td></tr>
 * <tr><td>tideway.restarts</td><td>counter</td><td></td><td>runs that continued a persisted state</td></tr>
 * </table>
 */
final class RunMeters implements RunMonitor.Listener, AutoCloseable {
    private final MeterRegistry registry;
    private final RunMonitor monitor;
    private final List<Meter> meters = new ArrayList<>();
    private final Timer commitDuration;
    private final DistributionSummary logBytes;
    private final Timer snapshotDuration;
    private final DistributionSummary snapshotBytes;
    private final Timer recoveryDuration;
    private final Counter restarts;

    RunMeters(MeterRegistry registry, RunMonitor monitor) {
        this.registry = registry;
        this.monitor = monitor;
        for (Node node : monitor.graph().nodes()) {
            if (node instanceof SourceNode<?> source) {
                bindSource(source);
            } else if (node instanceof SinkNode<?> sink) {
                bindSink(sink);
            } else if (!(node instanceof ErrorLogNode)) {
                bindOperator(node);
            }
        }
        commitDuration = add(Timer.builder("tideway.commit.duration").description("how long a commit takes").register(registry));
        logBytes = add(DistributionSummary.builder("tideway.commit.log.bytes").baseUnit("bytes")
                .description("bytes a commit appends to the write-ahead log").register(registry));
        snapshotDuration = add(Timer.builder("tideway.snapshot.duration").description("how long writing a snapshot takes").register(registry));
        snapshotBytes = add(DistributionSummary.builder("tideway.snapshot.bytes").baseUnit("bytes")
                .description("the size of a snapshot").register(registry));
        recoveryDuration = add(Timer.builder("tideway.recovery.duration")
                .description("how long restoring the state and replaying the log took at the start").register(registry));
        restarts = add(Counter.builder("tideway.restarts").description("runs that continued a persisted state").register(registry));
        add(Gauge.builder("tideway.commit.time", monitor, m -> m.committedTime())
                .description("the logical time of the last commit, epoch milliseconds").register(registry));
        monitor.addListener(this);
    }

    private void bindSource(SourceNode<?> source) {
        Tags tags = Tags.of("source", source.persistentId());
        SourceCounters read = source.counters();
        counter("tideway.source.rows", tags, null, "rows read", read, SourceCounters::rowsRead);
        counter("tideway.source.bytes", tags, "bytes", "input read", read, SourceCounters::bytesRead);
        counter("tideway.source.units", tags, null, "units (files, objects) read", read, SourceCounters::unitsRead);
        gauge("tideway.source.units.pending", tags, null, "units the current read has still to read", read, SourceCounters::unitsPending);
        counter("tideway.source.bad.rows", tags, null, "bad rows skipped", source.connector(), c -> c.skippedRows());
        add(TimeGauge.builder("tideway.source.lag", monitor, TimeUnit.MILLISECONDS, m -> m.lagMs(source)).tags(tags)
                .description("time since the source's input was last all read and committed").register(registry));
    }

    private void bindSink(SinkNode<?> sink) {
        Tags tags = Tags.of("sink", sink.connector().name());
        counter("tideway.sink.rows", tags, null, "changes written", monitor, m -> m.sinkRows(sink));
        gauge("tideway.sink.position", tags, "bytes", "the position the last commit recorded", monitor, m -> m.sinkPosition(sink));
    }

    private void bindOperator(Node node) {
        // a named operator by its name (stable when the pipeline changes), others by kind and position
        Tags tags = Tags.of("operator", node.name() != null ? node.name() : node.toString(), "kind", node.kind());
        counter("tideway.operator.rows.in", tags, null, "changes received", monitor, m -> m.rowsIn(node));
        counter("tideway.operator.rows.out", tags, null, "changes emitted", monitor, m -> m.rowsOut(node));
        counter("tideway.operator.errors", tags, null, "rows withheld because user code failed on them", monitor, m -> m.errors(node));
        if (node instanceof Stateful stateful && stateful.hasState()) {
            gauge("tideway.operator.state.rows", tags, null, "rows the operator's state holds", monitor, m -> known(m.stateRows(node)));
            if (monitor.persistent()) {
                gauge("tideway.operator.state.bytes", tags, "bytes", "the operator's state in the last snapshot", monitor,
                        m -> known(m.stateBytes(node)));
            }
        }
    }

    /** A count that may be unknown (-1): NaN, which registries leave out. */
    private static double known(long value) {
        return value < 0 ? Double.NaN : value;
    }

    private <T> void counter(String name, Tags tags, String unit, String description, T object, ToDoubleFunction<T> count) {
        add(FunctionCounter.builder(name, object, count).tags(tags).baseUnit(unit).description(description).register(registry));
    }

    private <T> void gauge(String name, Tags tags, String unit, String description, T object, ToDoubleFunction<T> value) {
        add(Gauge.builder(name, object, value).tags(tags).baseUnit(unit).description(description).register(registry));
    }

    private <M extends Meter> M add(M meter) {
        meters.add(meter);
        return meter;
    }

    @Override
    public void recovered(long nanos, CheckpointStatistics statistics) {
        if (statistics != null && statistics.recovered()) {
            recoveryDuration.record(nanos, TimeUnit.NANOSECONDS);
            restarts.increment();
        }
    }

    @Override
    public void committed(CommitStatus commit, long snapshotNanos) {
        commitDuration.record((long) (commit.durationMs() * 1e6), TimeUnit.NANOSECONDS);
        if (commit.logBytes() > 0) {
            logBytes.record(commit.logBytes());
        }
        if (commit.snapshotBytes() > 0) {
            snapshotBytes.record(commit.snapshotBytes());
            snapshotDuration.record(snapshotNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Removes the run's meters from the registry: a later run registers its own. */
    @Override
    public void close() {
        meters.forEach(registry::remove);
        meters.clear();
    }
}
