package dev.tideway.monitoring.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tideway.ErrorLogEntry;
import dev.tideway.monitoring.CommitStatus;
import dev.tideway.monitoring.NodeStatus;
import dev.tideway.monitoring.RunStatus;
import dev.tideway.monitoring.RunStatus.Phase;
import dev.tideway.monitoring.SinkStatus;
import dev.tideway.monitoring.SourceStatus;
import io.micrometer.core.instrument.Counter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The endpoint's routes, over real HTTP on loopback, with a status the test sets. */
class HttpMonitoringServerTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicReference<RunStatus> status = new AtomicReference<>(status(Phase.RECOVERING));
    private HttpMonitoringServer server;

    @BeforeEach
    void start() throws Exception {
        server = HttpMonitoringServer.start(new InetSocketAddress("127.0.0.1", 0), status::get);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void metricsAreServedInPrometheusTextWithTheJvmsBeside() throws Exception {
        Counter rows = Counter.builder("tideway.source.rows").tag("source", "words").register(server.registry());
        rows.increment(41);
        rows.increment();
        HttpResponse<String> response = get("/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        assertThat(response.body()).contains("tideway_source_rows_total{source=\"words\"} 42.0").contains("jvm_memory_used_bytes");
    }

    @Test
    void healthIsLiveUnlessFailedAndReadyOnlyWhileRunning() throws Exception {
        assertThat(get("/health/live").statusCode()).isEqualTo(200);
        assertThat(get("/health/ready").statusCode()).isEqualTo(503);
        assertThat(get("/health/ready").body()).isEqualTo("not ready: recovering\n");
        assertThat(get("/health").statusCode()).isEqualTo(503);

        status.set(status(Phase.RUNNING));
        assertThat(get("/health/ready").statusCode()).isEqualTo(200);
        HttpResponse<String> both = get("/health");
        assertThat(both.statusCode()).isEqualTo(200);
        assertThat(both.body()).isEqualTo("{\"live\":true,\"ready\":true,\"phase\":\"RUNNING\"}\n");

        status.set(status(Phase.FAILED));
        assertThat(get("/health/live").statusCode()).isEqualTo(503);
        assertThat(get("/health/ready").statusCode()).isEqualTo(503);
    }

    @Test
    void theStatusPageIsOneSelfContainedPageThatReadsStatusJson() throws Exception {
        status.set(status(Phase.RUNNING));
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        // nothing is loaded from elsewhere (the SVG namespace is a name, not a download)
        assertThat(page.body()).contains("<svg", "fetch(\"status.json\"").doesNotContain("<script src", "<link", "@import")
                .doesNotContainPattern("(src|href|url)\\(?=?[\"']?https?:");

        String json = get("/status.json").body();
        assertThat(json).startsWith("{\"phase\":\"RUNNING\"")
                .contains("\"nodes\":[{\"id\":0,\"role\":\"source\",\"kind\":\"source:csv\",\"label\":\"words\",\"inputs\":[]")
                .contains("{\"id\":1,\"role\":\"operator\",\"kind\":\"group-by\",\"label\":\"group-by#1\",\"inputs\":[0],\"rowsIn\":10,"
                        + "\"rowsOut\":4,\"stateRows\":4,\"stateBytes\":120,\"errors\":1}")
                .contains("\"lagMs\":250")
                .contains("\"commits\":[{\"time\":1000,\"durationMs\":2.5,\"rows\":10,\"logBytes\":64,\"snapshotBytes\":0}]")
                .contains("\"error\":\"java.lang.ArithmeticException: / by zero\"");
    }

    @Test
    void otherPathsAndMethodsAreRefused() throws Exception {
        assertThat(get("/nothing").statusCode()).isEqualTo(404);
        assertThat(get("/health/other").statusCode()).isEqualTo(404);
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(uri("/metrics")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.address().getPort() + path);
    }

    private static RunStatus status(Phase phase) {
        return new RunStatus(phase, true, 0, 1250, 1000, 1, 1,
                List.of(new NodeStatus(0, "source", "source:csv", "words", List.of(), 0, 10, -1, -1, 0),
                        new NodeStatus(1, "operator", "group-by", "group-by#1", List.of(0), 10, 4, 4, 120, 1),
                        new NodeStatus(2, "sink", "sink", "jsonlines:/out/counts.jsonl", List.of(1), 4, 4, -1, -1, 0)),
                List.of(new SourceStatus("words", "csv:/in", true, false, 10, 80, 1, 0, 0, 0, 250)),
                List.of(new SinkStatus("jsonlines:/out/counts.jsonl", 4, 200)),
                List.of(new CommitStatus(1000, 2.5, 10, 64, 0)),
                List.of(new ErrorLogEntry("group-by#1", null, "java.lang.ArithmeticException: / by zero", "000000000000002a",
                        "Word[word=x]", null, 1000)));
    }
}
