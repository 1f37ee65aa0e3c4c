package dev.tideway.samples.cli;

import dev.tideway.RunConfig;
import java.util.List;

/**
 * The options every running command takes to be watched: {@code --metrics-port N} (Prometheus
 * metrics, health and the status page, from tideway-monitoring) and {@code --quiet} (no progress on
 * standard error).
 */
public final class Watching {
    /** The options with a value. */
    public static final List<String> OPTIONS = List.of("--metrics-port");
    /** The flags. */
    public static final List<String> FLAGS = List.of("--quiet");
    /** Their lines in a command's usage. */
    public static final String USAGE = """
              --metrics-port N          serve /metrics (Prometheus), /health/live, /health/ready and a status page on /
                                        at port N of every interface while the run lasts (0: a free port, logged)
              --quiet                   no progress on standard error (by default a static run tells units and bytes
                                        read, rows/s and the time left, a streaming run a summary every 10 s)
            """.stripTrailing();

    private Watching() {}

    /** {@code config} with what {@code arguments} ask for. */
    public static RunConfig apply(Arguments arguments, RunConfig config) {
        RunConfig watched = config.withProgress(!arguments.flag("--quiet"));
        if (arguments.optional("--metrics-port").isPresent()) {
            String text = arguments.required("--metrics-port");
            int port;
            try {
                port = Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw new UsageException("--metrics-port must be a TCP port (0 to 65535), not " + text);
            }
            if (port < 0 || port > 65_535) {
                throw new UsageException("--metrics-port must be a TCP port (0 to 65535), not " + text);
            }
            watched = watched.withMonitoringPort(port);
        }
        return watched;
    }
}
