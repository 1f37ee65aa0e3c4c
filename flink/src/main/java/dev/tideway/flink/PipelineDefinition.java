package dev.tideway.flink;

import java.io.Serializable;

/**
 * The code that builds a Tideway pipeline, as a value Flink can ship: {@link FlinkRunner} calls it
 * once to translate the pipeline, and every Flink task calls it again in its own JVM to build the
 * operators it hosts (Tideway's operators hold user functions, which are code, not data). It builds on
 * the current thread's pipeline, as a program does before {@code Tideway.run}:
 *
 * <pre>{@code
 * PipelineDefinition wordCount = () -> new WordCountPipeline_Persistent(input, output).build();
 * FlinkRunner.run(wordCount, FlinkRunOptions.defaults().withParallelism(2));
 * }</pre>
 *
 * <p>It must build the same pipeline every time it is called (same operators in the same order): no
 * randomness, nothing read from the machine it runs on. What it captures must be serializable (paths
 * as strings, numbers, records); a lambda qualifies when its target type is this interface.
 */
@FunctionalInterface
public interface PipelineDefinition extends Serializable {
    /** Builds the pipeline's tables, sources and sinks on the current thread's pipeline. */
    void build();
}
