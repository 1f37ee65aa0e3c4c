package dev.tideway.samples.wordcount;

import dev.tideway.RunConfig;
import dev.tideway.Tideway;
import dev.tideway.persistence.Backend;
import dev.tideway.persistence.PersistenceConfig;
import dev.tideway.samples.cli.Arguments;
import dev.tideway.samples.cli.StateLocations;
import dev.tideway.samples.cli.UsageException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code wordcount --input DIR --output FILE [--mode static|streaming] [--poll-interval-ms N]
 * [--state LOCATION] [--snapshot-interval-ms N]}.
 */
public final class WordCountCommand {
    public static final String USAGE = """
            usage: wordcount --input DIR --output FILE [--mode static|streaming] [--poll-interval-ms N]
                             [--state LOCATION] [--snapshot-interval-ms N]
              --input DIR               a directory of CSV files with a header 'word' (or one such file)
              --output FILE             JSON Lines output, one change a line: word, count, time, diff
              --mode                    streaming (default: poll the input until SIGINT/SIGTERM) or static
              --poll-interval-ms N      time between polls of the input in streaming mode (default 500)
              --state LOCATION          persist the state in a folder, s3://BUCKET/PREFIX (AWS_ENDPOINT_URL, AWS_REGION,
                                        AWS_ACCESS_KEY_ID, ...) or azure://CONTAINER/PREFIX
                                        (AZURE_STORAGE_CONNECTION_STRING): a restart continues where the last run stopped
                                        (on S3 and Azure, a killed run's lock expires after TIDEWAY_LEASE_SECONDS,
                                        default 30)
              --snapshot-interval-ms N  time between snapshots of the state (default 5000)""";

    private WordCountCommand() {}

    public static void run(List<String> args) throws Exception {
        Arguments arguments = Arguments.parse(args, List.of("--input", "--output", "--mode", "--poll-interval-ms", "--state",
                "--snapshot-interval-ms"));
        Path input = Path.of(arguments.required("--input"));
        Path output = Path.of(arguments.required("--output"));
        String mode = arguments.optional("--mode").orElse("streaming");
        if (!mode.equals("static") && !mode.equals("streaming")) {
            throw new UsageException("--mode must be static or streaming, not " + mode);
        }
        long pollMs = arguments.longValue("--poll-interval-ms", 500);
        long snapshotMs = arguments.longValue("--snapshot-interval-ms", PersistenceConfig.DEFAULT_SNAPSHOT_INTERVAL_MS);
        if (arguments.optional("--snapshot-interval-ms").isPresent() && arguments.optional("--state").isEmpty()) {
            throw new UsageException("--snapshot-interval-ms needs --state");
        }

        new WordCountPipeline_Persistent(input, mode.equals("streaming"), Duration.ofMillis(pollMs)).build(output);
        RunConfig config = RunConfig.defaults();
        if (arguments.optional("--state").isPresent()) {
            Backend backend = StateLocations.parse(arguments.required("--state"));
            config = config.withPersistence(PersistenceConfig.of(backend).withSnapshotIntervalMs(snapshotMs));
        }
        Tideway.run(config);
    }
}
