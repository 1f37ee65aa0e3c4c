package dev.tideway.benchmarks.e2e;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The word count in streaming mode while a producer writes files: the sustained rate (words counted
 * per second, from the first file's appearance to the last file's counts in the output) and the
 * latency from a file's appearance (its rename into the input folder) to its counts in the output.
 *
 * <p>Each file starts with a marker word of its own, so its counts are in the output when the
 * marker's line is. The output is watched by tailing the file every millisecond.
 */
final class StreamingFigure {
    private static final String MARKER = "zzmarker";

    private final List<String> tideway;
    private final Path dir;
    private final int distinct;
    private final int files;
    private final int wordsPerFile;
    private final int intervalMs;

    StreamingFigure(List<String> tideway, Path dir, int distinct, int files, int wordsPerFile, int intervalMs) {
        this.tideway = tideway;
        this.dir = dir;
        this.distinct = distinct;
        this.files = files;
        this.wordsPerFile = wordsPerFile;
        this.intervalMs = intervalMs;
    }

    String run() throws Exception {
        StringBuilder report = new StringBuilder();
        report.append(String.format(Locale.ROOT, "Streaming: Tideway streaming mode (poll every 20 ms), %d files of %,d words%n",
                files, wordsPerFile));
        report.append(phase("paced, a file every " + intervalMs + " ms", intervalMs, false).line());
        Phase plain = phase("burst, files back to back", 0, false);
        report.append(plain.line());
        Phase persisted = phase("burst, filesystem state", 0, true);
        report.append(persisted.line());
        report.append(String.format(Locale.ROOT, "  streaming throughput with a filesystem state vs none: %.2fx (goal >= 0.9x)%n",
                persisted.wordsPerSecond() / plain.wordsPerSecond()));
        return report.toString();
    }

    /** One phase's sustained rate (words/s) and its report line. */
    private record Phase(double wordsPerSecond, String line) {}

    private Phase phase(String name, int pauseMs, boolean persisted) throws Exception {
        WordCountComparison.deleteTree(dir);
        Path input = dir.resolve("input");
        Path output = dir.resolve("output.jsonl");
        Files.createDirectories(input);
        List<String> arguments = new ArrayList<>(List.of("--input", input.toString(),
                "--output", output.toString(), "--mode", "streaming", "--poll-interval-ms", "20"));
        if (persisted) {
            arguments.addAll(List.of("--state", dir.resolve("state").toString()));
        }
        Process process = new ProcessBuilder(WordCountComparison.concat(tideway, arguments))
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        Map<String, Long> seen = new ConcurrentHashMap<>();
        Thread watcher = new Thread(() -> watch(output, seen, process), "output-watcher");
        watcher.setDaemon(true);
        watcher.start();
        try {
            Thread.sleep(1500);     // the JVM starts and the first (empty) poll passes
            WordData data = new WordData(distinct, 7);
            long[] appeared = new long[files];
            for (int f = 0; f < files; f++) {
                // the file's content is drawn before its clock starts, so only the write and rename count
                appeared[f] = writeNow(data, input.resolve(String.format("stream-%05d.csv", f)), MARKER + f);
                if (pauseMs > 0) {
                    Thread.sleep(pauseMs);
                }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (seen.size() < files && System.nanoTime() < deadline && process.isAlive()) {
                Thread.sleep(5);
            }
            if (seen.size() < files) {
                throw new IllegalStateException("only " + seen.size() + " of " + files + " files reached the output; see "
                        + dir.resolve("child.log"));
            }
            double[] latencies = new double[files];
            long last = 0;
            for (int f = 0; f < files; f++) {
                long at = seen.get(MARKER + f);
                latencies[f] = (at - appeared[f]) / 1e6;
                last = Math.max(last, at);
            }
            Arrays.sort(latencies);
            double seconds = (last - appeared[0]) / 1e9;
            double rate = (double) files * wordsPerFile / seconds;
            return new Phase(rate, String.format(Locale.ROOT,
                    "  %-32s %,10.0f words/s sustained; latency file -> counts: median %.0f ms, p90 %.0f ms, max %.0f ms%n",
                    name + ":", rate, latencies[files / 2],
                    latencies[(int) Math.min(files - 1, Math.ceil(files * 0.9) - 1)], latencies[files - 1]));
        } finally {
            process.destroy();      // SIGTERM: a graceful stop
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /** Writes a file aside and renames it into place; returns the time of the rename. */
    private long writeNow(WordData data, Path file, String marker) throws IOException {
        StringBuilder text = new StringBuilder("word\n").append(marker).append('\n');
        for (int i = 1; i < wordsPerFile; i++) {
            text.append(data.nextWord()).append('\n');
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        Path temp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.write(temp, bytes);
        long now = System.nanoTime();
        Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return now;
    }

    /** Tails the output, noting when each marker word first appears. */
    private static void watch(Path output, Map<String, Long> seen, Process process) {
        long position = 0;
        StringBuilder partial = new StringBuilder();
        byte[] buffer = new byte[1 << 16];
        String prefix = "{\"word\":\"" + MARKER;
        while (process.isAlive()) {
            try {
                if (Files.exists(output)) {
                    try (RandomAccessFile file = new RandomAccessFile(output.toFile(), "r")) {
                        file.seek(position);
                        int n;
                        while ((n = file.read(buffer)) > 0) {
                            position += n;
                            partial.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                        }
                    }
                    long now = System.nanoTime();
                    int end;
                    while ((end = partial.indexOf("\n")) >= 0) {
                        String line = partial.substring(0, end);
                        partial.delete(0, end + 1);
                        if (line.startsWith(prefix)) {
                            String word = line.substring(9, line.indexOf('"', 9));
                            seen.putIfAbsent(word, now);
                        }
                    }
                }
                Thread.sleep(1);
            } catch (IOException e) {
                // the file is being created or cut back: read again next time
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
