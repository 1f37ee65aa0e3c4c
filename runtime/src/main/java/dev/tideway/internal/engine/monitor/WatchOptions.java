package dev.tideway.internal.engine.monitor;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetSocketAddress;

/**
 * How a run is watched (see {@link RunWatch#open}); made from the user's {@code RunConfig}.
 *
 * @param registry the application's meter registry, or null
 * @param address where to serve the monitoring endpoint, or null
 * @param progress whether to tell the progress on standard error
 * @param progressIntervalMs the time between progress log lines
 */
public record WatchOptions(MeterRegistry registry, InetSocketAddress address, boolean progress, long progressIntervalMs) {
    /** Nothing watches: no meters, no endpoint, no progress. */
    public static final WatchOptions NONE = new WatchOptions(null, null, false, 1);

    /** Opens the watch of {@code monitor}'s run; see {@link RunWatch#open}. */
    public RunWatch open(RunMonitor monitor) {
        return RunWatch.open(monitor, registry, address, progress, progressIntervalMs);
    }
}
