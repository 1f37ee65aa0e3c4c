package dev.tideway.benchmarks.e2e;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The word count on Flink, end to end, in one run: the embedded engine, Tideway on Flink
 * ({@code wordcount --runner flink}) at parallelism 1 and 2, and the hand-written Flink job
 * ({@code FlinkWordCount streaming}, benchmarks built with {@code -Pflink}) at the same parallelisms
 * and the same checkpoint interval (1 s), on the same generated files. Each contender is a whole
 * child process (JVM and MiniCluster start included), in interleaved rounds; the table shows the
 * median wall and CPU time and the ratio of Tideway on Flink to the hand-written job at each
 * parallelism (goal: at most 1.3x).
 *
 * <pre>
 * java -cp benchmarks/target/tideway-benchmarks.jar dev.tideway.benchmarks.e2e.FlinkRunnerComparison \
 *     [--dir target/flink-bench] [--files 100] [--words-per-file 200000] [--distinct 5000] [--runs 3] [--warm-up 1]
 *     [--samples-jar samples/target/tideway-samples.jar]
 * </pre>
 */
public final class FlinkRunnerComparison {
    private FlinkRunnerComparison() {}

    private record Contender(List<String> command, Path output, List<Double> wall, List<Double> cpu) {
        Contender(List<String> command, Path output) {
            this(command, output, new ArrayList<>(), new ArrayList<>());
        }
    }

    public static void main(String[] args) throws Exception {
        run(args, System.out);
    }

    /** Runs the comparison, printing to {@code out}; returns the table. */
    public static String run(String[] args, PrintStream out) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        Path dir = Path.of(options.getOrDefault("--dir", "target/flink-bench")).toAbsolutePath();
        int files = Integer.parseInt(options.getOrDefault("--files", "100"));
        int wordsPerFile = Integer.parseInt(options.getOrDefault("--words-per-file", "200000"));
        int distinct = Integer.parseInt(options.getOrDefault("--distinct", "5000"));
        int runs = Integer.parseInt(options.getOrDefault("--runs", "3"));
        int warmUp = Integer.parseInt(options.getOrDefault("--warm-up", "1"));
        Path samplesJar = Path.of(options.getOrDefault("--samples-jar", "samples/target/tideway-samples.jar"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> tideway = Files.isRegularFile(samplesJar) ? List.of(java, "-jar", samplesJar.toString(), "wordcount")
                : List.of(java, "-cp", System.getProperty("java.class.path"), "dev.tideway.samples.Main", "wordcount");
        boolean handWritten = WordCountComparison.flinkAvailable();

        Path input = dir.resolve("input");
        Path work = dir.resolve("work");
        deleteTree(dir);
        Files.createDirectories(work);
        long totalWords = (long) files * wordsPerFile;
        out.printf(Locale.ROOT, "generating %,d words in %d files (%d distinct) in %s%n", totalWords, files, distinct, input);
        new WordData(distinct, 42).writeFiles(input, "words", files, wordsPerFile);

        Map<String, Contender> contenders = new LinkedHashMap<>();
        contenders.put("Tideway embedded, static", new Contender(concat(tideway, List.of("--input", input.toString(), "--output",
                work.resolve("embedded.jsonl").toString(), "--mode", "static")), work.resolve("embedded.jsonl")));
        for (int parallelism : new int[] {1, 2}) {
            Path output = work.resolve("tideway-flink-" + parallelism);
            contenders.put("Tideway on Flink, parallelism " + parallelism, new Contender(concat(tideway, List.of("--input", input.toString(),
                    "--output", output.toString(), "--mode", "static", "--runner", "flink", "--parallelism", String.valueOf(parallelism),
                    "--checkpoint-interval-ms", "1000")), output));
            if (handWritten) {
                Path handOutput = work.resolve("flink-" + parallelism);
                contenders.put("hand-written Flink job, parallelism " + parallelism, new Contender(List.of(java, "-cp",
                        System.getProperty("java.class.path"), WordCountComparison.FLINK_MAIN, "streaming", input.toString(),
                        handOutput.toString(), String.valueOf(parallelism)), handOutput));
            }
        }

        for (int round = 1 - warmUp; round <= runs; round++) {
            out.printf(Locale.ROOT, "round %d of %d%s%n", round, runs, round <= 0 ? " (warm-up, not counted)" : "");
            for (Map.Entry<String, Contender> entry : contenders.entrySet()) {
                Contender contender = entry.getValue();
                deleteTree(contender.output);
                WordCountComparison.Timing timing = WordCountComparison.time(contender.command, work.resolve("child.log"));
                out.printf(Locale.ROOT, "  %-40s %8.3f s wall %8.3f s CPU%n", entry.getKey(), timing.wall(), timing.cpu());
                if (round > 0) {
                    contender.wall.add(timing.wall());
                    contender.cpu.add(timing.cpu());
                }
                if (round == 1 - warmUp) {
                    check(entry.getKey(), contender.output, contenders.get("Tideway embedded, static").output);
                }
            }
        }

        StringBuilder t = new StringBuilder();
        t.append(String.format(Locale.ROOT, "Word count on Flink, %,d words in %d CSV files; whole process, median of %d interleaved runs%n",
                totalWords, files, runs));
        t.append(String.format(Locale.ROOT, "| %-40s | %9s | %9s | %9s | %12s |%n", "contender", "median s", "min s", "max s", "CPU s median"));
        t.append("|------------------------------------------|-----------|-----------|-----------|--------------|\n");
        for (Map.Entry<String, Contender> entry : contenders.entrySet()) {
            Contender c = entry.getValue();
            t.append(String.format(Locale.ROOT, "| %-40s | %9.3f | %9.3f | %9.3f | %12.3f |%n", entry.getKey(), median(c.wall),
                    c.wall.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN),
                    c.wall.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN), median(c.cpu)));
        }
        for (int parallelism : new int[] {1, 2}) {
            Contender hand = contenders.get("hand-written Flink job, parallelism " + parallelism);
            if (hand != null) {
                t.append(String.format(Locale.ROOT, "Tideway on Flink vs the hand-written job, parallelism %d: %.2fx wall, %.2fx CPU (goal <= 1.3x)%n",
                        parallelism, median(contenders.get("Tideway on Flink, parallelism " + parallelism).wall) / median(hand.wall),
                        median(contenders.get("Tideway on Flink, parallelism " + parallelism).cpu) / median(hand.cpu)));
            }
        }
        if (!handWritten) {
            t.append("the hand-written Flink job: not run (build the benchmarks with -Pflink)\n");
        }
        t.append(String.format(Locale.ROOT, "JVM %s, %d cores%n", System.getProperty("java.vm.version"), Runtime.getRuntime().availableProcessors()));
        out.println();
        out.print(t);
        return t.toString();
    }

    /** Checks that a contender counted what the embedded engine counted; stops the benchmark if not. */
    private static void check(String name, Path output, Path reference) throws IOException {
        Map<String, Long> expected = WordCountComparison.counts(reference);
        Map<String, Long> actual = WordCountComparison.counts(output);
        if (!expected.equals(actual)) {
            throw new IllegalStateException(name + " counted differently from the embedded engine: " + actual.size() + " words vs "
                    + expected.size() + " (see " + output + ")");
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int mid = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (var walk = Files.walk(path)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
