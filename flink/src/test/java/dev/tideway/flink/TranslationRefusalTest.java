package dev.tideway.flink;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tideway.Tideway;
import dev.tideway.internal.engine.Graph;
import dev.tideway.flink.plan.PipelineGraphs;
import dev.tideway.flink.plan.UnsupportedPipelineException;
import dev.tideway.io.csv.Csv;
import dev.tideway.io.jsonlines.JsonLines;
import dev.tideway.io.kafka.KafkaReadOptions;
import dev.tideway.io.kafka.KafkaSink;
import dev.tideway.io.kafka.KafkaSource;
import dev.tideway.io.kafka.KafkaWriteOptions;
import dev.tideway.io.push.PushSource;
import dev.tideway.io.subscribe.Subscribe;
import java.nio.file.Path;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/** What cannot run on Flink with the embedded engine's semantics is refused when the job is translated, saying why and what to do. */
class TranslationRefusalTest {
    private static StreamExecutionEnvironment env() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.enableCheckpointing(1000);
        return env;
    }

    @Test
    void withoutCheckpointsTheFileSinksCouldNotCommit() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        assertThatThrownBy(() -> FlinkRunner.translate(env, () -> WordCounts.build("in", "out", false, false)))
                .isInstanceOf(UnsupportedPipelineException.class)
                .hasMessageContaining("checkpointing is off").hasMessageContaining("env.enableCheckpointing");
    }

    @Test
    void unalignedCheckpointsAreRefused() {
        StreamExecutionEnvironment env = env();
        env.getCheckpointConfig().enableUnalignedCheckpoints();
        assertThatThrownBy(() -> FlinkRunner.translate(env, () -> WordCounts.build("in", "out", false, false)))
                .isInstanceOf(UnsupportedPipelineException.class).hasMessageContaining("unaligned checkpoints");
    }

    @Test
    void aPushSourceIsFedByAProgramThatDoesNotRunOnTheTaskManagers() {
        assertThatThrownBy(() -> FlinkRunner.translate(env(), () -> JsonLines.write(PushSource.create(Word_.SCHEMA, "pushed").table(),
                Path.of("out.jsonl"))))
                .isInstanceOf(UnsupportedPipelineException.class)
                .hasMessageContaining("source \"pushed\" (push)").hasMessageContaining("read files");
    }

    @Test
    void kafkaTopicsAreRefusedSayingWhy() {
        assertThatThrownBy(() -> FlinkRunner.translate(env(), () -> JsonLines.write(KafkaSource.read("words", Word_.SCHEMA,
                KafkaReadOptions.of("127.0.0.1:9")), Path.of("out.jsonl"))))
                .isInstanceOf(UnsupportedPipelineException.class)
                .hasMessageContaining("(kafka)").hasMessageContaining("Kafka topics do not run on Flink yet");
        assertThatThrownBy(() -> FlinkRunner.translate(env(), () -> KafkaSink.write(Csv.read(Path.of("in"), Word_.SCHEMA),
                "counts", KafkaWriteOptions.of("127.0.0.1:9"))))
                .isInstanceOf(UnsupportedPipelineException.class)
                .hasMessageContaining("sink kafka:counts").hasMessageContaining("Kafka topics do not run on Flink yet");
    }

    @Test
    void anErrorLogIsRefused() {
        assertThatThrownBy(() -> FlinkRunner.translate(env(), () -> {
            WordCounts.build("in", "out", false, false);
            JsonLines.write(Tideway.errorLog(), Path.of("errors.jsonl"));
        }))
                .isInstanceOf(UnsupportedPipelineException.class)
                .hasMessageContaining("reads its error log").hasMessageContaining("remove the error log");
    }

    @Test
    void aCallbackSinkIsRefused() {
        assertThatThrownBy(() -> FlinkRunner.translate(env(), () -> Subscribe.subscribe(PushSource.create(Word_.SCHEMA, "x").table(),
                (key, row, time, diff) -> { })))
                .isInstanceOf(UnsupportedPipelineException.class);
    }

    @Test
    void aPipelineWithoutSinkIsRefused() {
        assertThatThrownBy(() -> FlinkRunner.translate(env(), () -> PushSource.create(Word_.SCHEMA, "x").table()))
                .isInstanceOf(UnsupportedPipelineException.class).hasMessageContaining("has no sink");
    }

    @Test
    void aDefinitionThatBuildsAnotherPipelineOnATaskIsCaught() {
        Graph graph = PipelineGraphs.build(() -> WordCounts.build("in", "out", false, false));
        assertThatThrownBy(() -> PipelineGraphs.node(graph, 1, "group-by [word] into something else"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("node #1").hasMessageContaining("must build the same operators in the same order");
    }
}
