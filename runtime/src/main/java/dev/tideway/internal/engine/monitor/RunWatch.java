package dev.tideway.internal.engine.monitor;

import dev.tideway.monitoring.MonitoringServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything that watches one run, opened when it starts and closed when it ends: its meters (in
 * the application's registry and the monitoring endpoint's), the monitoring endpoint (found with
 * {@link ServiceLoader}) and the progress lines.
 */
public final class RunWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RunWatch.class);
    /** A terminal's live line changes at least this often. */
    private static final long LIVE_LINE_MS = 1_000;

    private final RunMonitor monitor;
    private final List<AutoCloseable> opened = new ArrayList<>();
    private MonitoringServer server;

    private RunWatch(RunMonitor monitor) {
        this.monitor = monitor;
    }

    /**
     * Starts watching {@code monitor}'s run.
     *
     * @param registry the application's meter registry, or null
     * @param address where to serve the monitoring endpoint, or null for none
     * @param progress whether to tell the progress on standard error
     * @param progressIntervalMs the time between progress log lines
     * @throws IllegalStateException if a monitoring endpoint is asked for but no implementation is on
     *     the class path
     * @throws UncheckedIOException if the endpoint's address cannot be bound
     */
    public static RunWatch open(RunMonitor monitor, MeterRegistry registry, InetSocketAddress address, boolean progress,
                                long progressIntervalMs) {
        RunWatch watch = new RunWatch(monitor);
        try {
            List<MeterRegistry> registries = new ArrayList<>();
            if (registry != null) {
                registries.add(registry);
            }
            if (address != null) {
                watch.server = startServer(address, monitor);
                watch.opened.add(watch.server);
                registries.add(watch.server.registry());
                LOG.info("monitoring on http://{}:{}/ (metrics on /metrics, health on /health)",
                        hostOf(watch.server.address()), watch.server.address().getPort());
            }
            if (!registries.isEmpty()) {
                MeterRegistry target = registries.size() == 1 ? registries.get(0) : composite(registries);
                watch.opened.add(0, new RunMeters(target, monitor));
            }
            if (progress) {
                boolean terminal = System.console() != null;
                ProgressReporter.Output output = terminal ? ProgressReporter.terminal(System.err) : ProgressReporter.log();
                watch.opened.add(0, new ProgressReporter(monitor, output,
                        terminal && !monitor.streaming() ? Math.min(LIVE_LINE_MS, progressIntervalMs) : progressIntervalMs));
            }
            return watch;
        } catch (RuntimeException e) {
            watch.close();
            throw e;
        }
    }

    private static CompositeMeterRegistry composite(List<MeterRegistry> registries) {
        CompositeMeterRegistry composite = new CompositeMeterRegistry();
        registries.forEach(composite::add);
        return composite;
    }

    private static MonitoringServer startServer(InetSocketAddress address, RunMonitor monitor) {
        Iterator<MonitoringServer.Provider> providers = ServiceLoader.load(MonitoringServer.Provider.class).iterator();
        if (!providers.hasNext()) {
            throw new IllegalStateException("a monitoring port is configured (RunConfig.withMonitoringPort), but no monitoring"
                    + " endpoint is on the class path: add the artifact dev.tideway:tideway-monitoring to the application's"
                    + " dependencies, or leave the port out");
        }
        try {
            return providers.next().start(address, monitor::status);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve monitoring on " + address + ": " + e.getMessage()
                    + "; choose another port (RunConfig.withMonitoringPort), or 0 for a free one", e);
        }
    }

    private static String hostOf(InetSocketAddress address) {
        return address.getAddress() == null || address.getAddress().isAnyLocalAddress() ? "localhost" : address.getHostString();
    }

    /** Where the monitoring endpoint listens, or null when there is none. */
    public InetSocketAddress monitoringAddress() {
        return server == null ? null : server.address();
    }

    /** Stops the progress (telling the summary), removes the meters, and stops the endpoint, in that order. */
    @Override
    public void close() {
        for (AutoCloseable closeable : opened) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.warn("cannot stop watching the run: {}", e.toString());
            }
        }
        opened.clear();
    }
}
