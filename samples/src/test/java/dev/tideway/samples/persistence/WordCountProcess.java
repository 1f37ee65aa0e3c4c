package dev.tideway.samples.persistence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The word count sample run in a child JVM on the test's own class path, as a user runs it; its
 * stdout and stderr go to a file, so the child never blocks on a full pipe.
 */
final class WordCountProcess {
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    private final Process process;
    private final Path log;

    private WordCountProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** The command-line arguments of the sample. */
    static List<String> args(Path input, Path output, String mode, long pollMs, Path state, long snapshotMs) {
        return List.of("wordcount", "--input", input.toString(), "--output", output.toString(), "--mode", mode,
                "--poll-interval-ms", Long.toString(pollMs), "--state", state.toString(),
                "--snapshot-interval-ms", Long.toString(snapshotMs));
    }

    /** The command-line arguments of the sample, computing on {@code workers} threads. */
    static List<String> args(Path input, Path output, String mode, long pollMs, Path state, long snapshotMs, int workers) {
        List<String> args = new ArrayList<>(args(input, output, mode, pollMs, state, snapshotMs));
        args.addAll(List.of("--workers", Integer.toString(workers)));
        return args;
    }

    /** The command-line arguments of the sample, with a state location that is not a folder. */
    static List<String> args(Path input, Path output, String mode, long pollMs, String state, long snapshotMs) {
        return List.of("wordcount", "--input", input.toString(), "--output", output.toString(), "--mode", mode,
                "--poll-interval-ms", Long.toString(pollMs), "--state", state,
                "--snapshot-interval-ms", Long.toString(snapshotMs));
    }

    /** Starts {@code Main} with the system properties ({@code name=value}) and arguments. */
    static WordCountProcess start(Path log, List<String> properties, List<String> args) {
        return start(log, Map.of(), properties, args);
    }

    /**
     * Starts {@code Main} with this JVM's environment changed by {@code environment} (a null value
     * removes a variable), the system properties ({@code name=value}) and arguments.
     */
    static WordCountProcess start(Path log, Map<String, String> environment, List<String> properties, List<String> args) {
        List<String> command = new ArrayList<>(List.of(JAVA, "-cp", System.getProperty("java.class.path"),
                // a quick start matters more than peak speed: most children live for a second
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m", "-XX:-UsePerfData"));
        properties.forEach(p -> command.add("-D" + p));
        command.add("dev.tideway.samples.Main");
        command.addAll(args);
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            environment.forEach((name, value) -> {
                if (value == null) {
                    builder.environment().remove(name);
                } else {
                    builder.environment().put(name, value);
                }
            });
            Process process = builder.start();
            return new WordCountProcess(process, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs to the end (a static run, or one that crashes by itself) and returns the exit code. */
    static int run(Path log, List<String> properties, List<String> args, Duration timeout) {
        return start(log, properties, args).awaitExit(timeout);
    }

    Process process() {
        return process;
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Waits for the exit; fails (killing the child) if it takes longer than {@code timeout}. */
    int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError("the child did not end within " + timeout + "; its log:\n" + log());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new AssertionError(e);
        }
    }

    /** SIGKILL, and waits for the process to be gone. */
    void kill() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(30));
    }

    /** What the child printed so far. */
    String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
