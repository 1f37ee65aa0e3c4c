package dev.tideway.monitoring.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.tideway.monitoring.MonitoringServer;
import dev.tideway.monitoring.RunStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's monitoring endpoint on the JDK's HTTP server ({@code com.sun.net.httpserver}), as
 * Prometheus' own Java exporter serves its metrics:
 *
 * <ul>
 *   <li>{@code /metrics}: every meter of the run and of the JVM (memory, GC, threads, CPU, uptime) in
 *       Prometheus' text format, from Micrometer's {@link PrometheusMeterRegistry};</li>
 *   <li>{@code /health/live} and {@code /health/ready}: 200 or 503 for Kubernetes' liveness and
 *       readiness probes (live unless the run failed; ready once recovery is over and the run takes
 *       input); {@code /health}: both as JSON, 200 when live and ready;</li>
 *   <li>{@code /}: the status page, a single HTML page with its script and styles inline (no CDN),
 *       which draws the operators as a graph and refreshes itself every second from
 *       {@code /status.json} ({@link StatusJson}).</li>
 * </ul>
 *
 * <p>Requests are served by two daemon threads; closing the server stops them. Thread-safe.
 */
public final class HttpMonitoringServer implements MonitoringServer {
    private static final Logger LOG = LoggerFactory.getLogger(HttpMonitoringServer.class);
    private static final String PAGE = "status.html";

    private final HttpServer server;
    private final ExecutorService threads;
    private final PrometheusMeterRegistry registry;
    private final JvmGcMetrics gcMetrics;
    private final Supplier<RunStatus> status;
    private final byte[] page;

    private HttpMonitoringServer(HttpServer server, ExecutorService threads, PrometheusMeterRegistry registry, JvmGcMetrics gcMetrics,
                                 Supplier<RunStatus> status, byte[] page) {
        this.server = server;
        this.threads = threads;
        this.registry = registry;
        this.gcMetrics = gcMetrics;
        this.status = status;
        this.page = page;
    }

    /**
     * Serves the run whose status {@code status} tells on {@code address} (port 0: a free one).
     *
     * @throws IOException if the address cannot be bound
     */
    public static HttpMonitoringServer start(InetSocketAddress address, Supplier<RunStatus> status) throws IOException {
        byte[] page = resource(PAGE);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        HttpServer server;
        try {
            server = HttpServer.create(address, 16);
        } catch (IOException e) {
            gc.close();
            registry.close();
            throw e;
        }
        ExecutorService threads = Executors.newFixedThreadPool(2, task -> {
            Thread thread = new Thread(task, "tideway-monitoring");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(threads);
        HttpMonitoringServer monitoring = new HttpMonitoringServer(server, threads, registry, gc, status, page);
        server.createContext("/", monitoring.handler(monitoring::page));
        server.createContext("/metrics", monitoring.handler(monitoring::metrics));
        server.createContext("/health", monitoring.handler(monitoring::health));
        server.createContext("/status.json", monitoring.handler(monitoring::statusJson));
        server.start();
        return monitoring;
    }

    private static byte[] resource(String name) {
        try (InputStream in = HttpMonitoringServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the status page " + name + " is missing from tideway-monitoring's jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public MeterRegistry registry() {
        return registry;
    }

    @Override
    public InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
        gcMetrics.close();
        registry.close();
    }

    /** What a request gets: status, content type and body. */
    private record Response(int status, String contentType, byte[] body) {
        static Response text(int status, String text) {
            return new Response(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
        }
    }

    @FunctionalInterface
    private interface Route {
        Response answer(String path) throws IOException;
    }

    private HttpHandler handler(Route route) {
        return exchange -> {
            try (exchange) {
                if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
                    send(exchange, Response.text(405, "only GET and HEAD\n"));
                    return;
                }
                send(exchange, route.answer(exchange.getRequestURI().getPath()));
            } catch (IOException | RuntimeException e) {
                LOG.debug("cannot answer {}", exchange.getRequestURI(), e);
            }
        };
    }

    private static void send(HttpExchange exchange, Response response) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", response.contentType());
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(response.status(), head ? -1 : response.body().length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(response.body());
            }
        }
    }

    private Response page(String path) {
        if (!path.equals("/") && !path.equals("/index.html")) {
            return Response.text(404, "not found: " + path + "; try /, /metrics, /health or /status.json\n");
        }
        return new Response(200, "text/html; charset=utf-8", page);
    }

    private Response metrics(String path) {
        if (!path.equals("/metrics")) {
            return Response.text(404, "not found: " + path + "\n");
        }
        return new Response(200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape().getBytes(StandardCharsets.UTF_8));
    }

    private Response health(String path) {
        RunStatus now = status.get();
        return switch (path) {
            case "/health/live" -> Response.text(now.live() ? 200 : 503, now.live() ? "live\n" : "failed\n");
            case "/health/ready" -> Response.text(now.ready() ? 200 : 503, now.ready() ? "ready\n"
                    : "not ready: " + now.phase().name().toLowerCase(java.util.Locale.ROOT) + "\n");
            case "/health", "/health/" -> new Response(now.live() && now.ready() ? 200 : 503, "application/json",
                    ("{\"live\":" + now.live() + ",\"ready\":" + now.ready() + ",\"phase\":\"" + now.phase() + "\"}\n")
                            .getBytes(StandardCharsets.UTF_8));
            default -> Response.text(404, "not found: " + path + "; try /health, /health/live or /health/ready\n");
        };
    }

    private Response statusJson(String path) throws IOException {
        if (!path.equals("/status.json")) {
            return Response.text(404, "not found: " + path + "\n");
        }
        return new Response(200, "application/json", StatusJson.write(status.get()));
    }
}
