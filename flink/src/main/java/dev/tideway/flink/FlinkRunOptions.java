package dev.tideway.flink;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@link FlinkRunner#run} runs a pipeline: the parallelism of its keyed operators (0: Flink's
 * default), the checkpoint interval (how often file sinks commit, and how far back a failure sets the
 * job), where checkpoints are written, and the job's name. Immutable.
 *
 * <pre>{@code
 * FlinkRunOptions.defaults().withParallelism(4).withCheckpointInterval(Duration.ofSeconds(10))
 *         .withCheckpointDirectory("s3://bucket/checkpoints")
 * }</pre>
 */
public final class FlinkRunOptions {
    private final int parallelism;
    private final Duration checkpointInterval;
    private final String checkpointDirectory;
    private final String jobName;

    private FlinkRunOptions(int parallelism, Duration checkpointInterval, String checkpointDirectory, String jobName) {
        this.parallelism = parallelism;
        this.checkpointInterval = checkpointInterval;
        this.checkpointDirectory = checkpointDirectory;
        this.jobName = jobName;
    }

    /**
     * Flink's default parallelism, a checkpoint every second, checkpoints where the cluster's
     * configuration puts them (a temporary directory for a local run), the job named "tideway".
     */
    public static FlinkRunOptions defaults() {
        return new FlinkRunOptions(0, FlinkRunner.DEFAULT_CHECKPOINT_INTERVAL, null, "tideway");
    }

    /** @throws IllegalArgumentException if {@code value} is negative */
    public FlinkRunOptions withParallelism(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("parallelism must be 1 or more (0 for Flink's default), not " + value);
        }
        return new FlinkRunOptions(value, checkpointInterval, checkpointDirectory, jobName);
    }

    /** @throws IllegalArgumentException if {@code value} is shorter than 10 ms (Flink's minimum) */
    public FlinkRunOptions withCheckpointInterval(Duration value) {
        if (value.toMillis() < 10) {
            throw new IllegalArgumentException("the checkpoint interval must be at least 10 ms, not " + value);
        }
        return new FlinkRunOptions(parallelism, value, checkpointDirectory, jobName);
    }

    /**
     * Where checkpoints are written (Flink's {@code execution.checkpointing.dir}): a URI every
     * TaskManager and the JobManager reach, such as {@code file:///shared/checkpoints} or {@code
     * s3://bucket/checkpoints}. Without it, the cluster's setting applies. A Tideway source's state holds
     * the rows it read (to retract them when their file changes or goes), so it soon outgrows the 5 MB
     * that Flink's in-memory checkpoint storage, the default without a directory, accepts.
     */
    public FlinkRunOptions withCheckpointDirectory(String uri) {
        return new FlinkRunOptions(parallelism, checkpointInterval, Objects.requireNonNull(uri, "uri"), jobName);
    }

    public FlinkRunOptions withJobName(String value) {
        return new FlinkRunOptions(parallelism, checkpointInterval, checkpointDirectory, Objects.requireNonNull(value, "jobName"));
    }

    public int parallelism() {
        return parallelism;
    }

    public Duration checkpointInterval() {
        return checkpointInterval;
    }

    /** The checkpoint directory given, if one was. */
    public Optional<String> checkpointDirectory() {
        return Optional.ofNullable(checkpointDirectory);
    }

    public String jobName() {
        return jobName;
    }
}
