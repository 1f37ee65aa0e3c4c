package dev.tideway.samples.sensors;

import dev.tideway.RunConfig;
import dev.tideway.Tideway;
import dev.tideway.persistence.Backend;
import dev.tideway.persistence.PersistenceConfig;
import dev.tideway.samples.cli.Arguments;
import dev.tideway.samples.cli.StateLocations;
import dev.tideway.samples.cli.UsageException;
import dev.tideway.samples.cli.Watching;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code sensors --input DIR --output FILE [--format csv|jsonl] [--mode static|streaming]
 * [--poll-interval-ms N] [--state LOCATION] [--snapshot-interval-ms N] [--metrics-port N] [--quiet]}.
 */
public final class SensorsCommand {
    public static final String USAGE = """
            usage: sensors --input DIR --output FILE [--format csv|jsonl] [--mode static|streaming] [--poll-interval-ms N]
                           [--state LOCATION] [--snapshot-interval-ms N] [--metrics-port N] [--quiet]
              --input DIR               a directory of sensor readings: CSV files with a header 'sensor,time,value', or
                                        JSON Lines with those fields; time is an ISO-8601 instant. Files are only added.
              --output FILE             JSON Lines output, one change a line: sensor, windowStart, windowEnd, average,
                                        readings, time, diff (5-minute windows, out 1 minute after their start, readings
                                        more than 10 minutes late ignored)
              --format                  csv (default) or jsonl
              --mode                    streaming (default: poll the input until SIGINT/SIGTERM) or static
              --poll-interval-ms N      time between polls of the input in streaming mode (default 500)
              --state LOCATION          persist the state in a folder, s3://BUCKET/PREFIX or azure://CONTAINER/PREFIX
              --snapshot-interval-ms N  time between snapshots of the state (default 5000)
            """ + Watching.USAGE;

    private SensorsCommand() {}

    public static void run(List<String> args) throws Exception {
        Arguments arguments = Arguments.parse(args, Stream.concat(Stream.of("--input", "--output", "--format", "--mode",
                "--poll-interval-ms", "--state", "--snapshot-interval-ms"), Watching.OPTIONS.stream()).toList(), Watching.FLAGS);
        Path input = Path.of(arguments.required("--input"));
        Path output = Path.of(arguments.required("--output"));
        String format = arguments.optional("--format").orElse("csv");
        if (!format.equals("csv") && !format.equals("jsonl")) {
            throw new UsageException("--format must be csv or jsonl, not " + format);
        }
        String mode = arguments.optional("--mode").orElse("streaming");
        if (!mode.equals("static") && !mode.equals("streaming")) {
            throw new UsageException("--mode must be static or streaming, not " + mode);
        }
        long pollMs = arguments.longValue("--poll-interval-ms", 500);
        if (pollMs == 0) {
            throw new UsageException("--poll-interval-ms must be positive");
        }
        long snapshotMs = arguments.longValue("--snapshot-interval-ms", PersistenceConfig.DEFAULT_SNAPSHOT_INTERVAL_MS);
        if (arguments.optional("--snapshot-interval-ms").isPresent() && arguments.optional("--state").isEmpty()) {
            throw new UsageException("--snapshot-interval-ms needs --state");
        }

        new SensorAveragesPipeline_Persistent(input, format.equals("jsonl"), mode.equals("streaming"), Duration.ofMillis(pollMs))
                .build(output);
        RunConfig config = Watching.apply(arguments, RunConfig.defaults());
        if (arguments.optional("--state").isPresent()) {
            Backend backend = StateLocations.parse(arguments.required("--state"));
            config = config.withPersistence(PersistenceConfig.of(backend).withSnapshotIntervalMs(snapshotMs));
        }
        Tideway.run(config);
    }
}
