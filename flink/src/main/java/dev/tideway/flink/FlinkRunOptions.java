package dev.tideway.flink;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link FlinkRunner#run} runs a pipeline: the parallelism of its keyed operators (0: Flink's
 * default), the checkpoint interval (how often file sinks commit, and how far back a failure sets the
 * job), and the job's name. Immutable.
 */
public final class FlinkRunOptions {
    private final int parallelism;
    private final Duration checkpointInterval;
    private final String jobName;

    private FlinkRunOptions(int parallelism, Duration checkpointInterval, String jobName) {
        this.parallelism = parallelism;
        this.checkpointInterval = checkpointInterval;
        this.jobName = jobName;
    }

    /** Flink's default parallelism, a checkpoint every second, the job named "tideway". */
    public static FlinkRunOptions defaults() {
        return new FlinkRunOptions(0, FlinkRunner.DEFAULT_CHECKPOINT_INTERVAL, "tideway");
    }

    /** @throws IllegalArgumentException if {@code value} is negative */
    public FlinkRunOptions withParallelism(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("parallelism must be 1 or more (0 for Flink's default), not " + value);
        }
        return new FlinkRunOptions(value, checkpointInterval, jobName);
    }

    /** @throws IllegalArgumentException if {@code value} is shorter than 10 ms (Flink's minimum) */
    public FlinkRunOptions withCheckpointInterval(Duration value) {
        if (value.toMillis() < 10) {
            throw new IllegalArgumentException("the checkpoint interval must be at least 10 ms, not " + value);
        }
        return new FlinkRunOptions(parallelism, value, jobName);
    }

    public FlinkRunOptions withJobName(String value) {
        return new FlinkRunOptions(parallelism, checkpointInterval, Objects.requireNonNull(value, "jobName"));
    }

    public int parallelism() {
        return parallelism;
    }

    public Duration checkpointInterval() {
        return checkpointInterval;
    }

    public String jobName() {
        return jobName;
    }
}
