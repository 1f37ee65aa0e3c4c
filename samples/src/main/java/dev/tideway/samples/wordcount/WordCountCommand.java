package dev.tideway.samples.wordcount;

import dev.tideway.RunConfig;
import dev.tideway.Tideway;
import dev.tideway.flink.FlinkRunOptions;
import dev.tideway.flink.FlinkRunner;
import dev.tideway.flink.PipelineDefinition;
import dev.tideway.persistence.Backend;
import dev.tideway.persistence.PersistenceConfig;
import dev.tideway.samples.cli.Arguments;
import dev.tideway.samples.cli.KafkaTopicAddress;
import dev.tideway.samples.cli.StateLocations;
import dev.tideway.samples.cli.UsageException;
import dev.tideway.samples.cli.Watching;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code wordcount --input DIR|kafka://HOST:PORT/TOPIC --output FILE|kafka://HOST:PORT/TOPIC [--mode static|streaming] [--poll-interval-ms N]
 * [--state LOCATION [--snapshot-state LOCATION]] [--snapshot-interval-ms N] [--workers N] [--metrics-port N] [--quiet]
 * [--runner embedded|flink [--parallelism N] [--checkpoint-interval-ms N] [--checkpoint-dir URI]]}.
 */
public final class WordCountCommand {
    public static final String USAGE = """
            usage: wordcount --input DIR|kafka://HOST:PORT/TOPIC --output FILE|kafka://HOST:PORT/TOPIC
                             [--mode static|streaming] [--poll-interval-ms N]
                             [--state LOCATION [--snapshot-state LOCATION]] [--snapshot-interval-ms N]
                             [--workers N] [--metrics-port N] [--quiet]
                             [--runner embedded|flink [--parallelism N] [--checkpoint-interval-ms N] [--checkpoint-dir URI]]
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
              --workers N               compute on N threads, each reading its share of the files and counting its share
                                        of the words (default 1; a --state written with one number of workers continues
                                        with any other)
              --runner                  embedded (default: Tideway's own engine, in this process) or flink (Apache Flink:
                                        a local MiniCluster, or the cluster when the jar is submitted with 'flink run');
                                        on Flink the output is a directory of part files at FILE, committed at every
                                        checkpoint, and the state lives in Flink's checkpoints, not in --state
              --parallelism N           on Flink, the parallelism of the keyed operators (default: Flink's)
              --checkpoint-interval-ms N on Flink, time between checkpoints, when the output is committed (default 1000)
              --checkpoint-dir URI      on Flink, where checkpoints go (default: the cluster's setting; run locally, a
                                        temporary directory deleted at the end); on Flink, the input and output are
                                        folders (Kafka topics, --metrics-port and progress are the embedded engine's)
            """ + Watching.USAGE;

    private WordCountCommand() {}

    public static void run(List<String> args) throws Exception {
        Arguments arguments = Arguments.parse(args, Stream.concat(Stream.of("--input", "--output", "--mode", "--poll-interval-ms",
                "--state", "--snapshot-state", "--snapshot-interval-ms", "--runner", "--parallelism", "--checkpoint-interval-ms",
                "--checkpoint-dir", "--workers"), Watching.OPTIONS.stream()).toList(), Watching.FLAGS);
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

        String runner = arguments.optional("--runner").orElse("embedded");
        if (!runner.equals("embedded") && !runner.equals("flink")) {
            throw new UsageException("--runner must be embedded or flink, not " + runner);
        }
        if (runner.equals("flink")) {
            runOnFlink(arguments, input, output, mode.equals("streaming"), pollMs);
            return;
        }
        for (String flinkOnly : List.of("--parallelism", "--checkpoint-interval-ms", "--checkpoint-dir")) {
            if (arguments.optional(flinkOnly).isPresent()) {
                throw new UsageException(flinkOnly + " needs --runner flink");
            }
        }
        long workers = arguments.longValue("--workers", 1);
        if (workers < 1 || workers > 1024) {
            throw new UsageException("--workers must be 1 to 1024, not " + workers);
        }

        new WordCountPipeline_Persistent(input, mode.equals("streaming"), Duration.ofMillis(pollMs)).build(output);
        RunConfig config = Watching.apply(arguments, RunConfig.defaults()).withWorkers((int) workers);
        if (arguments.optional("--state").isPresent()) {
            Backend metadata = StateLocations.parse(arguments.required("--state"));
            Backend snapshots = arguments.optional("--snapshot-state").map(StateLocations::parse).orElse(metadata);
            config = config.withPersistence(PersistenceConfig.of(metadata, snapshots).withSnapshotIntervalMs(snapshotMs));
        }
        Tideway.run(config);
    }

    /** The same pipeline on Apache Flink: its state in Flink's checkpoints, its output a directory of part files. */
    private static void runOnFlink(Arguments arguments, String input, String output, boolean streaming, long pollMs) throws Exception {
        if (arguments.optional("--workers").isPresent()) {
            throw new UsageException("--workers is the embedded engine's; on Flink give --parallelism");
        }
        for (String embeddedOnly : List.of("--state", "--snapshot-state", "--snapshot-interval-ms")) {
            if (arguments.optional(embeddedOnly).isPresent()) {
                throw new UsageException(embeddedOnly + " is the embedded engine's; on Flink the state lives in Flink's checkpoints and"
                        + " savepoints (restore one with flink run -s SAVEPOINT)");
            }
        }
        if (arguments.optional("--metrics-port").isPresent()) {
            throw new UsageException("--metrics-port is the embedded engine's; on Flink use Flink's own metrics and web UI");
        }
        for (String location : List.of(input, output)) {
            if (KafkaTopicAddress.is(location)) {
                throw new UsageException(location + ": Kafka topics do not run on Flink yet (see the README, \"When one machine is not"
                        + " enough\"); on Flink the input and the output are folders");
            }
        }
        int parallelism = (int) arguments.longValue("--parallelism", 0);
        long checkpointMs = arguments.longValue("--checkpoint-interval-ms", FlinkRunner.DEFAULT_CHECKPOINT_INTERVAL.toMillis());
        if (parallelism < 0 || checkpointMs < 10) {
            throw new UsageException("--parallelism must be 1 or more and --checkpoint-interval-ms at least 10");
        }
        // what the definition captures travels to the TaskManagers: strings, absolute, not relative to where they run
        String in = Path.of(input).toAbsolutePath().toString();
        String out = Path.of(output).toAbsolutePath().toString();
        Duration poll = Duration.ofMillis(pollMs);
        PipelineDefinition wordCount = () -> new WordCountPipeline_Persistent(in, streaming, poll).build(out);
        FlinkRunOptions options = FlinkRunOptions.defaults().withParallelism(parallelism)
                .withCheckpointInterval(Duration.ofMillis(checkpointMs)).withJobName("tideway wordcount");
        if (arguments.optional("--checkpoint-dir").isPresent()) {
            options = options.withCheckpointDirectory(arguments.required("--checkpoint-dir"));
        }
        FlinkRunner.run(wordCount, options);
    }
}
