package dev.tideway.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tideway.Pipeline;
import dev.tideway.Reducers;
import dev.tideway.io.csv.CsvReadOptions;
import dev.tideway.io.jsonlines.JsonLines;
import dev.tideway.s3.S3Csv;
import dev.tideway.s3.S3Settings;
import dev.tideway.s3.testing.S3TestServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The CSV source over S3 objects on Flink, through the same source as files: objects added,
 * rewritten and deleted while a streaming word count runs (against s3proxy on 127.0.0.1) give the
 * counts the embedded engine gives for the objects as they are.
 */
@Tag("slow")
class S3SourceOnFlinkTest {
    private static final String BUCKET = "words";

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkClusters.twoTaskManagers();

    private static S3TestServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3TestServer.start(BUCKET);
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    /** The word count of the CSV objects under {@code prefix}; the settings are made here, from strings, on every task. */
    static void countObjects(String endpoint, String prefix, boolean streaming, String output) {
        S3Settings settings = S3Settings.of(BUCKET).withEndpoint(URI.create(endpoint)).withRegion("us-east-1")
                .withCredentials(S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY);
        JsonLines.write(S3Csv.read(settings, prefix, Word_.SCHEMA, CsvReadOptions.defaults().withStreaming(streaming)
                        .withPollInterval(Duration.ofMillis(100)))
                .groupBy(Word_.word).reduce(WordCount_.of(Word_.word, Reducers.count())), Path.of(output));
    }

    private Map<String, Integer> expected(String endpoint) throws Exception {
        Path output = dir.resolve("expected-" + System.nanoTime() + ".jsonl");
        try (Pipeline pipeline = Pipeline.create()) {
            countObjects(endpoint, "in/", false, output.toString());
            pipeline.run();
        }
        return ConsolidatedOutput.of(output);
    }

    @Test
    void objectsAddedRewrittenAndDeletedAreCountedAsEmbedded() throws Exception {
        try (S3Client s3 = server.client()) {
            countObjectsAsTheyChange(s3);
        }
    }

    private void countObjectsAsTheyChange(S3Client s3) throws Exception {
        s3.putObject(b -> b.bucket(BUCKET).key("in/a.csv"), RequestBody.fromString("word\napple\npear\napple\n"));
        s3.putObject(b -> b.bucket(BUCKET).key("in/b.csv"), RequestBody.fromString("word\npear\nfig\n"));
        String endpoint = server.uri().toString();
        Path output = dir.resolve("counts.jsonl");
        String out = output.toString();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(100);
        FlinkRunner.translate(env, () -> countObjects(endpoint, "in/", true, out));
        var job = env.executeAsync("word count of S3 objects");
        try {
            Map<String, Integer> first = expected(endpoint);
            Await.until(Duration.ofSeconds(60), () -> ConsolidatedOutput.of(output).equals(first), () -> "output " + ConsolidatedOutput.of(output));
            s3.putObject(b -> b.bucket(BUCKET).key("in/a.csv"), RequestBody.fromString("word\nkiwi\n"));
            s3.deleteObject(b -> b.bucket(BUCKET).key("in/b.csv"));
            Map<String, Integer> second = expected(endpoint);
            assertThat(second).containsOnlyKeys("{\"count\":1,\"word\":\"kiwi\"}");
            Await.until(Duration.ofSeconds(60), () -> ConsolidatedOutput.of(output).equals(second), () -> "output " + ConsolidatedOutput.of(output));
        } finally {
            job.cancel().get();
        }
    }
}
