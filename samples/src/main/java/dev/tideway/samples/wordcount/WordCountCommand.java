package dev.tideway.samples.wordcount;

import dev.tideway.RunConfig;
import dev.tideway.Tideway;
import dev.tideway.persistence.Backend;
import dev.tideway.persistence.PersistenceConfig;
import dev.tideway.samples.cli.Arguments;
import dev.tideway.samples.cli.KafkaTopicAddress;
import dev.tideway.samples.cli.StateLocations;
import dev.tideway.samples.cli.UsageException;
import dev.tideway.samples.cli.Watching;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code wordcount --input DIR|kafka://HOST:PORT/TOPIC --output FILE|kafka://HOST:PORT/TOPIC [--mode static|streaming] [--poll-interval-ms N]
 * [--state LOCATION [--snapshot-state LOCATION]] [--snapshot-interval-ms N] [--metrics-port N] [--quiet]}.
 */
public final class WordCountCommand {
    public static final String USAGE = """
            usage: wordcount --input DIR|kafka://HOST:PORT/TOPIC --output FILE|kafka://HOST:PORT/TOPIC
                             [--mode static|streaming] [--poll-interval-ms N]
                             [--state LOCATION [--snapshot-state LOCATION]] [--snapshot-interval-ms N]
                             [--metrics-port N] [--quiet]
              --input DIR               a directory of CSV files with a header 'word' (or one such file), or a Kafka
                                        topic with one word a record (static: read up to its end offsets at start)
              --output FILE             JSON Lines output, one change a line: word, count, time, diff; or a Kafka topic,
                                        one change a record keyed by word, exactly once (read it with read_committed)
              --mode                    streaming (default: poll the input until SIGINT/SIGTERM) or static
              --poll-interval-ms N      time between polls of the input in streaming mode (default 500)
              --state LOCATION          persist the state in a folder, s3://BUCKET/PREFIX (AWS_ENDPOINT_URL, AWS_REGION,
                                        AWS_ACCESS_KEY_ID, ...) or azure://CONTAINER/PREFIX
                                        (AZURE_STORAGE_CONNECTION_STRING): a restart continues where the last run stopped
                                        (on S3 and Azure a lease, TIDEWAY_LEASE_SECONDS, default 30, locks the state: a
                                        restart on the same host takes over a killed run's lease at once, otherwise it
                                        waits for the lease to expire, at most TIDEWAY_LEASE_WAIT_SECONDS, default 40)
              --snapshot-state LOCATION keep the snapshots and the log (the data) there, and only the metadata and the
                                        lock in --state; give the same pair to every run
              --snapshot-interval-ms N  time between snapshots of the state (default 5000)
            """ + Watching.USAGE;

    private WordCountCommand() {}

    public static void run(List<String> args) throws Exception {
        Arguments arguments = Arguments.parse(args, Stream.concat(Stream.of("--input", "--output", "--mode", "--poll-interval-ms",
                "--state", "--snapshot-state", "--snapshot-interval-ms"), Watching.OPTIONS.stream()).toList(), Watching.FLAGS);
        String input = arguments.required("--input");
        String output = arguments.required("--output");
        KafkaTopicAddress.parse(input);     // a malformed kafka:// location is a usage error, before anything runs
        KafkaTopicAddress.parse(output);
        String mode = arguments.optional("--mode").orElse("streaming");
        if (!mode.equals("static") && !mode.equals("streaming")) {
            throw new UsageException("--mode must be static or streaming, not " + mode);
        }
        long pollMs = arguments.longValue("--poll-interval-ms", 500);
        long snapshotMs = arguments.longValue("--snapshot-interval-ms", PersistenceConfig.DEFAULT_SNAPSHOT_INTERVAL_MS);
        if (arguments.optional("--snapshot-interval-ms").isPresent() && arguments.optional("--state").isEmpty()) {
            throw new UsageException("--snapshot-interval-ms needs --state");
        }
        if (arguments.optional("--snapshot-state").isPresent() && arguments.optional("--state").isEmpty()) {
            throw new UsageException("--snapshot-state needs --state, where the metadata are kept");
        }

        new WordCountPipeline_Persistent(input, mode.equals("streaming"), Duration.ofMillis(pollMs)).build(output);
        RunConfig config = Watching.apply(arguments, RunConfig.defaults());
        if (arguments.optional("--state").isPresent()) {
            Backend metadata = StateLocations.parse(arguments.required("--state"));
            Backend snapshots = arguments.optional("--snapshot-state").map(StateLocations::parse).orElse(metadata);
            config = config.withPersistence(PersistenceConfig.of(metadata, snapshots).withSnapshotIntervalMs(snapshotMs));
        }
        Tideway.run(config);
    }
}
