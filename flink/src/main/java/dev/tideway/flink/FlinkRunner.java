package dev.tideway.flink;

import dev.tideway.flink.plan.PipelineTranslator;
import dev.tideway.flink.plan.UnsupportedPipelineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Runs a Tideway pipeline on Apache Flink: the same {@code @Schema} records and pipeline code, with
 * Flink scheduling, distributing, checkpointing and recovering it. The embedded engine
 * ({@code Tideway.run}) stays the default; this is the runner to pick when one machine is not enough.
 *
 * <pre>{@code
 * PipelineDefinition wordCount = () -> new WordCountPipeline_Persistent(input, output).build();
 * FlinkRunner.run(wordCount, FlinkRunOptions.defaults().withParallelism(4));     // a local or a submitted job
 *
 * StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
 * env.enableCheckpointing(10_000);
 * FlinkRunner.execute(env, wordCount, "word count");                            // your environment
 * }</pre>
 *
 * <p>Semantics are the embedded engine's, operator by operator (each Flink operator runs the engine's
 * own node on the changes of its key groups): changes {@code (key, row, time, diff)}, retractions,
 * sources that retract changed and deleted files, and file sinks whose lines, consolidated, are the
 * result, written exactly once through Flink's two-phase commit. What differs: a file sink writes a
 * directory of part files at the sink's path (Flink's {@code FileSink}); state lives in Flink's
 * checkpoints and savepoints, not in a Tideway state folder; an operator whose definition changed
 * cannot be rebuilt from its input on a restore. See the README, "When one machine is not enough".
 */
public final class FlinkRunner {
    private FlinkRunner() {}

    /**
     * Adds the pipeline to {@code env}, which must have checkpointing enabled (aligned, the default).
     * Sets {@code pipeline.generic-types} to false (no Kryo) and enables object reuse.
     *
     * @throws UnsupportedPipelineException naming the operator, for what cannot run on Flink with the embedded engine's semantics
     */
    public static void translate(StreamExecutionEnvironment env, PipelineDefinition pipeline) {
        PipelineTranslator.translate(env, pipeline);
    }

    /**
     * Translates the pipeline into {@code env} and executes the job; returns when it ends (a static
     * pipeline once its input is read and its files are committed; a streaming one when cancelled or
     * stopped).
     *
     * @throws Exception what Flink's {@code execute} throws: the job's failure once its restarts are spent
     */
    public static JobExecutionResult execute(StreamExecutionEnvironment env, PipelineDefinition pipeline, String jobName) throws Exception {
        translate(env, pipeline);
        return env.execute(jobName);
    }

    /**
     * Runs the pipeline in the environment Flink gives this program (a local MiniCluster in a plain
     * JVM; the cluster when submitted with {@code flink run}), with the options' parallelism,
     * checkpoint interval and checkpoint directory. A local run without a checkpoint directory writes
     * its checkpoints in a temporary directory, deleted when the job ends.
     *
     * @throws IOException if the temporary checkpoint directory of a local run cannot be made
     * @throws Exception what Flink's {@code execute} throws: the job's failure once its restarts are spent
     */
    public static JobExecutionResult run(PipelineDefinition pipeline, FlinkRunOptions options) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        if (options.parallelism() > 0) {
            env.setParallelism(options.parallelism());
        }
        env.enableCheckpointing(options.checkpointInterval().toMillis());
        Path temporary = null;
        String directory = options.checkpointDirectory().orElse(null);
        if (directory == null && env instanceof LocalStreamEnvironment) {
            // Flink's default without a directory keeps checkpoints in the JobManager's memory, 5 MB at most: a source's state
            // (the rows it read) outgrows it, and the job then fails at every checkpoint
            temporary = Files.createTempDirectory("tideway-flink-checkpoints");
            directory = temporary.toUri().toString();
        }
        if (directory != null) {
            Configuration config = new Configuration();
            config.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, directory);
            env.configure(config);
        }
        try {
            return execute(env, pipeline, options.jobName());
        } finally {
            if (temporary != null) {
                deleteTree(temporary);
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** Runs the pipeline with {@link FlinkRunOptions#defaults()}. */
    public static JobExecutionResult run(PipelineDefinition pipeline) throws Exception {
        return run(pipeline, FlinkRunOptions.defaults());
    }

    /** The default checkpoint interval of {@link #run}: files are committed this often. */
    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(1);
}
