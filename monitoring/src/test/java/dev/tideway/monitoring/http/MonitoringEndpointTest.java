package dev.tideway.monitoring.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tideway.Pipeline;
import dev.tideway.RunConfig;
import dev.tideway.RunHandle;
import dev.tideway.io.push.PushSource;
import dev.tideway.io.subscribe.Subscribe;
import dev.tideway.io.text.TextLine;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A running pipeline with {@code RunConfig.withMonitoringAddress}: the runtime finds this module's
 * endpoint, and a scrape of {@code /metrics} sees the run's counts move as rows come in.
 */
class MonitoringEndpointTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern ROWS = Pattern.compile("(?m)^tideway_source_rows_total\\{source=\"lines\"} ([0-9.]+)$");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aScrapeSeesTheRunsCountsMoveAndTheEndpointGoesWithTheRun() throws Exception {
        PushSource<TextLine> lines;
        RunHandle run;
        try (Pipeline pipeline = Pipeline.create()) {
            lines = PushSource.create(TextLine.SCHEMA, "lines");
            Subscribe.subscribe(lines.table(), (key, row, time, insert) -> {});
            run = pipeline.start(RunConfig.defaults().withHandleSignals(false).withProgress(false)
                    .withMonitoringAddress(new InetSocketAddress("127.0.0.1", 0)));
        }
        InetSocketAddress address = run.monitoringAddress();
        assertThat(address.getPort()).isPositive();
        URI metrics = URI.create("http://127.0.0.1:" + address.getPort() + "/metrics");
        URI ready = URI.create("http://127.0.0.1:" + address.getPort() + "/health/ready");
        try {
            awaitScrape(metrics, 0);
            lines.insert(new TextLine("a"));
            lines.insert(new TextLine("b"));
            awaitScrape(metrics, 2);
            lines.insert(new TextLine("c"));
            awaitScrape(metrics, 3);
            assertThat(get(ready).statusCode()).isEqualTo(200);
            assertThat(get(metrics).body()).contains("tideway_sink_rows_total{sink=\"subscribe\"} 3.0");
        } finally {
            lines.close();
            run.await();
        }
        assertThatThrownBy(() -> get(metrics)).as("the endpoint stops with the run").isInstanceOf(ConnectException.class);
    }

    private void awaitScrape(URI metrics, double rows) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            last = get(metrics).body();
            Matcher matcher = ROWS.matcher(last);
            if (matcher.find() && Double.parseDouble(matcher.group(1)) == rows) {
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        throw new AssertionError("the scrape never said " + rows + " rows read; the last:\n" + last);
    }

    private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }
}
