package dev.tideway.monitoring;

import dev.tideway.ErrorLogEntry;
import java.util.List;

/**
 * What a running pipeline looks like at one moment: its phase, its nodes (sources, operators, sinks)
 * with their rows and state, the sources' progress and lag, the recent commits and the last errors.
 * It is what the status page shows and the progress lines tell; a monitoring endpoint gets a new one
 * each time it asks ({@link MonitoringServer.Provider}).
 *
 * <p>Counts are taken after each batch (the sources' also while a batch reads), so a status is at most
 * one batch old. Immutable and safe to share between threads.
 *
 * @param phase where the run is
 * @param streaming whether any source is streaming (the run goes on until stopped)
 * @param startedAt when the run started, epoch milliseconds
 * @param at when this status was taken, epoch milliseconds
 * @param committedTime the logical time of the last commit (epoch milliseconds, the sinks' {@code time}), or -1
 * @param commitCount the commits made by this run
 * @param errorCount the rows withheld because of errors by this run
 * @param nodes every node of the dataflow in creation order (a node comes after its inputs)
 * @param sources the sources, in creation order
 * @param sinks the sinks, in creation order
 * @param commits the last commits, oldest first (at most 120)
 * @param errors the last rows withheld because of errors, oldest first (at most 20)
 */
public record RunStatus(Phase phase, boolean streaming, long startedAt, long at, long committedTime, long commitCount,
                        long errorCount, List<NodeStatus> nodes, List<SourceStatus> sources, List<SinkStatus> sinks,
                        List<CommitStatus> commits, List<ErrorLogEntry> errors) {
    public RunStatus {
        nodes = List.copyOf(nodes);
        sources = List.copyOf(sources);
        sinks = List.copyOf(sinks);
        commits = List.copyOf(commits);
        errors = List.copyOf(errors);
    }

    /** Where a run is. */
    public enum Phase {
        /** Built, not yet recovering. */
        STARTING,
        /** Restoring its state and replaying its log. */
        RECOVERING,
        /** Reading and committing batches. */
        RUNNING,
        /** Ended normally: its sources are finished or it was stopped. */
        FINISHED,
        /** Ended by an error. */
        FAILED
    }

    /** Whether the process is worth keeping (Kubernetes' liveness): every phase but {@link Phase#FAILED}. */
    public boolean live() {
        return phase != Phase.FAILED;
    }

    /** Whether the run is past its recovery and taking input (Kubernetes' readiness). */
    public boolean ready() {
        return phase == Phase.RUNNING;
    }
}
