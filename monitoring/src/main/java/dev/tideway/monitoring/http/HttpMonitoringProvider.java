package dev.tideway.monitoring.http;

import dev.tideway.monitoring.MonitoringServer;
import dev.tideway.monitoring.RunStatus;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.function.Supplier;

/**
 * The monitoring endpoint the runtime finds with {@link java.util.ServiceLoader} when a run asks
 * for one ({@code RunConfig.withMonitoringPort}): an {@link HttpMonitoringServer}.
 */
public final class HttpMonitoringProvider implements MonitoringServer.Provider {
    /** Called by {@link java.util.ServiceLoader}. */
    public HttpMonitoringProvider() {}

    @Override
    public MonitoringServer start(InetSocketAddress address, Supplier<RunStatus> status) throws IOException {
        return HttpMonitoringServer.start(address, status);
    }
}
