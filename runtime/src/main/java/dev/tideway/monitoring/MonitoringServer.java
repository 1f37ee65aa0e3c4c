package dev.tideway.monitoring;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.function.Supplier;

/**
 * The monitoring endpoint of a run ({@code RunConfig.withMonitoringPort}): it serves the run's
 * metrics, health and status while the run lasts. The runtime finds its implementation with
 * {@link java.util.ServiceLoader} (a {@link Provider}); the artifact {@code tideway-monitoring}
 * provides one (Prometheus text on {@code /metrics}, {@code /health}, a status page on {@code /}).
 * A connector SPI in the same spirit: another implementation may serve other formats.
 */
public interface MonitoringServer extends AutoCloseable {
    /** The registry the run registers its meters in, and the endpoint serves. */
    MeterRegistry registry();

    /** Where the server listens (the port chosen, when 0 was asked for). */
    InetSocketAddress address();

    /** Stops serving; the run's meters are no longer exported. */
    @Override
    void close();

    /** Starts monitoring servers; registered as a {@code META-INF/services} provider. */
    interface Provider {
        /**
         * Starts a server on {@code address} for a run whose status {@code status} tells (called from
         * the server's threads, as often as it is asked).
         *
         * @throws IOException if the address cannot be bound (taken, not allowed)
         */
        MonitoringServer start(InetSocketAddress address, Supplier<RunStatus> status) throws IOException;
    }
}
