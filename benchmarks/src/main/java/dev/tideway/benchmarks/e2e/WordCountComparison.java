package dev.tideway.benchmarks.e2e;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The word count, end to end, Tideway against its peers on the same generated files: every contender
 * is a whole child process (JVM start included), timed from start to exit; the rounds are
 * interleaved (round 1: every contender once, round 2: ...) so that the noise of a shared machine
 * falls on all of them alike, and the table shows the median over the rounds. Round 0 is a warm-up
 * (page cache, JIT of nothing: each run is a fresh JVM) and is not counted.
 *
 * <p>Contenders: the hand-written loop ({@link HandWordCount}); the Tideway sample in static mode
 * without persistence, with a filesystem state, and restarts after a short and a long history with
 * one small new file; Apache Flink in batch and in streaming mode with checkpointing when the
 * benchmarks were built with {@code -Pflink}. Then a streaming figure: Tideway in streaming mode while
 * a producer writes files. Each child's wall and CPU time and peak resident set are measured (GNU
 * time), and the filesystem state's folder after each run; the summary compares the persisted run
 * with the plain one (time, peak RSS, state bytes / input bytes). {@code --baseline-samples-jar}
 * adds the persisted run of another build of the sample (an earlier commit's) for a before/after.
 *
 * <pre>
 * java -cp benchmarks/target/tideway-benchmarks.jar dev.tideway.benchmarks.e2e.WordCountComparison \
 *     [--dir target/wordcount-bench] [--files 100] [--words-per-file 50000] [--distinct 5000] [--runs 5]
 *     [--history-small 500000] [--history-large 8000000] [--new-file-words 1000]
 *     [--stream-files 40] [--stream-words-per-file 20000] [--stream-interval-ms 250]
 *     [--samples-jar samples/target/tideway-samples.jar] [--baseline-samples-jar JAR]
 *     [--skip-restart] [--skip-streaming] [--skip-flink]
 * </pre>
 */
public final class WordCountComparison {
    static final String FLINK_MAIN = "dev.tideway.benchmarks.flink.FlinkWordCount";
    private static final String TIDEWAY_MAIN = "dev.tideway.samples.Main";

    private final Options options;
    private final PrintStream out;
    private final List<String> java;
    private final List<String> tideway;

    private WordCountComparison(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        this.java = List.of(javaBin, "-cp", System.getProperty("java.class.path"));
        Path samplesJar = Path.of(options.get("--samples-jar", "samples/target/tideway-samples.jar"));
        // the sample exactly as a user runs it, when its jar is there; else the same classes from our classpath
        this.tideway = Files.isRegularFile(samplesJar)
                ? List.of(javaBin, "-jar", samplesJar.toString(), "wordcount")
                : concat(java, List.of(TIDEWAY_MAIN, "wordcount"));
    }

    public static void main(String[] args) throws Exception {
        run(args, System.out);
    }

    /** Runs the comparison and prints to {@code out}; returns the printed table. */
    public static String run(String[] args, PrintStream out) throws Exception {
        return new WordCountComparison(new Options(args), out).run();
    }

    private String run() throws Exception {
        Path dir = Path.of(options.get("--dir", "target/wordcount-bench")).toAbsolutePath();
        int files = options.intValue("--files", 100);
        int wordsPerFile = options.intValue("--words-per-file", 50_000);
        int distinct = options.intValue("--distinct", 5000);
        int runs = options.intValue("--runs", 5);
        long historySmall = options.intValue("--history-small", 500_000);
        long historyLarge = options.intValue("--history-large", 8_000_000);
        int newFileWords = options.intValue("--new-file-words", 1000);
        boolean flink = !options.has("--skip-flink") && flinkAvailable();

        Path input = dir.resolve("input");
        Path work = dir.resolve("work");
        deleteTree(dir);
        Files.createDirectories(work);
        long totalWords = (long) files * wordsPerFile;
        out.printf(Locale.ROOT, "generating %,d words in %d files (%d distinct) in %s%n", totalWords, files, distinct, input);
        new WordData(distinct, 42).writeFiles(input, "words", files, wordsPerFile);

        Map<String, Contender> contenders = new LinkedHashMap<>();
        contenders.put("hand-written Java loop", new Contender(() -> concat(java,
                List.of(HandWordCount.class.getName(), input.toString(), work.resolve("hand.jsonl").toString())),
                () -> {}, work.resolve("hand.jsonl")));
        contenders.put("Tideway static", new Contender(() -> concat(tideway, List.of("--input", input.toString(),
                "--output", work.resolve("static.jsonl").toString(), "--mode", "static")),
                () -> {}, work.resolve("static.jsonl")));
        Contender persisted = new Contender(() -> concat(tideway, List.of("--input",
                input.toString(), "--output", work.resolve("state.jsonl").toString(), "--mode", "static",
                "--state", work.resolve("state").toString())),
                () -> deleteTree(work.resolve("state")), work.resolve("state.jsonl"));
        persisted.stateDir = work.resolve("state");
        contenders.put("Tideway static, filesystem state", persisted);
        if (options.has("--baseline-samples-jar")) {
            // the same run with another build of the sample (an earlier commit's), for a before/after in one run
            List<String> baseline = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                    options.get("--baseline-samples-jar", ""), "wordcount");
            Contender before = new Contender(() -> concat(baseline, List.of("--input", input.toString(), "--output",
                    work.resolve("baseline.jsonl").toString(), "--mode", "static", "--state", work.resolve("baseline-state").toString())),
                    () -> deleteTree(work.resolve("baseline-state")), work.resolve("baseline.jsonl"));
            before.stateDir = work.resolve("baseline-state");
            contenders.put("baseline jar, filesystem state", before);
        }
        if (!options.has("--skip-restart")) {
            contenders.put(restartName(historySmall), restart(dir.resolve("history-small"), work.resolve("restart-small"),
                    historySmall, wordsPerFile, distinct, newFileWords));
            contenders.put(restartName(historyLarge), restart(dir.resolve("history-large"), work.resolve("restart-large"),
                    historyLarge, wordsPerFile, distinct, newFileWords));
        }
        if (flink) {
            contenders.put("Flink batch", new Contender(() -> concat(java, List.of(FLINK_MAIN, "batch", input.toString(),
                    work.resolve("flink-batch").toString())), () -> deleteTree(work.resolve("flink-batch")),
                    work.resolve("flink-batch")));
            contenders.put("Flink streaming, checkpoints", new Contender(() -> concat(java, List.of(FLINK_MAIN, "streaming",
                    input.toString(), work.resolve("flink-streaming").toString())),
                    () -> deleteTree(work.resolve("flink-streaming")), work.resolve("flink-streaming")));
        }

        for (int round = 0; round <= runs; round++) {
            out.printf(Locale.ROOT, "round %d of %d%s%n", round, runs, round == 0 ? " (warm-up, not counted)" : "");
            for (Map.Entry<String, Contender> entry : contenders.entrySet()) {
                Contender contender = entry.getValue();
                contender.before.run();
                Timing timing = time(contender.command.get(), work.resolve("child.log"));
                long stateBytes = contender.stateDir == null ? -1 : bytesUnder(contender.stateDir);
                out.printf(Locale.ROOT, "  %-40s %8.3f s wall %8.3f s CPU %8.1f MiB peak RSS%s%n", entry.getKey(), timing.wall,
                        timing.cpu, timing.rssMiB, stateBytes < 0 ? "" : String.format(Locale.ROOT, " %,d state bytes", stateBytes));
                if (round > 0) {
                    contender.seconds.add(timing.wall);
                    contender.cpu.add(timing.cpu);
                    contender.rss.add(timing.rssMiB);
                    if (stateBytes >= 0) {
                        contender.stateBytes.add((double) stateBytes);
                    }
                }
                if (round == 0 && contender.output != null && !entry.getKey().startsWith("Tideway restart")) {
                    check(entry.getKey(), contender.output, contenders.get("hand-written Java loop").output);
                }
            }
        }

        String table = table(contenders, totalWords, files, runs, historySmall, historyLarge, flink, bytesUnder(input));
        out.println();
        out.print(table);
        if (!options.has("--skip-streaming")) {
            out.println();
            out.print(new StreamingFigure(tideway, dir.resolve("streaming"), distinct,
                    options.intValue("--stream-files", 40), options.intValue("--stream-words-per-file", 20_000),
                    options.intValue("--stream-interval-ms", 250)).run());
        }
        return table;
    }

    private static String restartName(long history) {
        return String.format(Locale.ROOT, "Tideway restart after %s words", history >= 1_000_000 && history % 100_000 == 0
                ? (history / 1_000_000.0 + "M").replace(".0M", "M") : String.format(Locale.ROOT, "%,d", history));
    }

    /**
     * A restart with one small new file after {@code history} words: the history is read once (not
     * timed) into a state; each timed run starts from a copy of that state and its output file.
     */
    private Contender restart(Path historyDir, Path runDir, long history, int wordsPerFile, int distinct,
            int newFileWords) throws Exception {
        Path input = historyDir.resolve("input");
        int files = (int) Math.max(1, history / wordsPerFile);
        out.printf(Locale.ROOT, "building a state after %,d words of history in %s%n", (long) files * wordsPerFile, historyDir);
        WordData data = new WordData(distinct, history);
        data.writeFiles(input, "history", files, wordsPerFile);
        // The history is built with the same state and output paths the timed runs use (a sink is
        // known by its file; another file would be a new sink, rewritten from the start), then kept
        // aside, and copied back before each run.
        Path state = runDir.resolve("state");
        Path output = runDir.resolve("output.jsonl");
        Path pristine = historyDir.resolve("pristine");
        deleteTree(runDir);
        Files.createDirectories(runDir);
        time(concat(tideway, List.of("--input", input.toString(), "--output", output.toString(), "--mode", "static",
                "--state", state.toString())), historyDir.resolve("child.log"));
        deleteTree(pristine);
        copyTree(runDir, pristine);
        data.writeFile(input.resolve("new-00000.csv"), newFileWords, null);
        return new Contender(() -> concat(tideway, List.of("--input", input.toString(), "--output", output.toString(),
                "--mode", "static", "--state", state.toString())),
                () -> {
                    deleteTree(runDir);
                    copyTree(pristine, runDir);
                }, null);
    }

    private String table(Map<String, Contender> contenders, long totalWords, int files, int runs, long historySmall,
            long historyLarge, boolean flink, long inputBytes) {
        StringBuilder t = new StringBuilder();
        double hand = contenders.get("hand-written Java loop").median();
        double tidewayStatic = contenders.get("Tideway static").median();
        t.append(String.format(Locale.ROOT, "Word count, %,d words in %d CSV files; whole process, median of %d interleaved runs%n",
                totalWords, files, runs));
        t.append(String.format(Locale.ROOT, "| %-40s | %9s | %9s | %9s | %12s | %10s | %12s | %14s |%n", "contender", "median s",
                "min s", "max s", "vs hand loop", "vs Tideway", "CPU s median", "peak RSS MiB"));
        t.append(String.format(Locale.ROOT, "|%s|%s|%s|%s|%s|%s|%s|%s|%n", "-".repeat(42), "-".repeat(11), "-".repeat(11),
                "-".repeat(11), "-".repeat(14), "-".repeat(12), "-".repeat(14), "-".repeat(16)));
        for (Map.Entry<String, Contender> entry : contenders.entrySet()) {
            Contender c = entry.getValue();
            double median = c.median();
            t.append(String.format(Locale.ROOT, "| %-40s | %9.3f | %9.3f | %9.3f | %11.2fx | %9.2fx | %12s | %14s |%n", entry.getKey(),
                    median, c.min(), c.max(), median / hand, median / tidewayStatic,
                    c.cpu.isEmpty() ? "n/a" : String.format(Locale.ROOT, "%.3f", Contender.median(c.cpu)),
                    c.rss.isEmpty() ? "n/a" : String.format(Locale.ROOT, "%.1f", Contender.median(c.rss))));
        }
        t.append("(wall time of the whole process; CPU = user + system time of the process, less sensitive to a busy machine;"
                + " peak RSS = the child's maximum resident set, from GNU time)\n");
        t.append(String.format(Locale.ROOT, "Tideway static vs hand loop: %.2fx (goal <= 3x)%n", tidewayStatic / hand));
        Contender persisted = contenders.get("Tideway static, filesystem state");
        Contender plain = contenders.get("Tideway static");
        t.append(String.format(Locale.ROOT, "filesystem state vs none: time %.2fx (goal <= 1.10x), CPU %.2fx, peak RSS %.2fx"
                        + " (goal <= 1.25x); state folder / input: %,.0f / %,d bytes = %.3f (goal <= 0.35)%n",
                persisted.median() / tidewayStatic, Contender.median(persisted.cpu) / Contender.median(plain.cpu),
                Contender.median(persisted.rss) / Contender.median(plain.rss), Contender.median(persisted.stateBytes),
                inputBytes, Contender.median(persisted.stateBytes) / inputBytes));
        if (contenders.containsKey(restartName(historySmall))) {
            t.append(String.format(Locale.ROOT, "restart after %s vs after %s: %.2fx (goal <= 1.5x)%n",
                    restartName(historyLarge).substring("Tideway restart after ".length()),
                    restartName(historySmall).substring("Tideway restart after ".length()),
                    contenders.get(restartName(historyLarge)).median() / contenders.get(restartName(historySmall)).median()));
        }
        if (flink) {
            t.append(String.format(Locale.ROOT, "Flink batch vs Tideway static: %.2fx (goal >= 3x)%n",
                    contenders.get("Flink batch").median() / tidewayStatic));
        } else {
            t.append("Flink: not run (build the benchmarks with -Pflink)\n");
        }
        t.append(String.format(Locale.ROOT, "JVM %s, %d cores%n", System.getProperty("java.vm.version"),
                Runtime.getRuntime().availableProcessors()));
        return t.toString();
    }

    // ---- child processes ----

    /** A child's wall and CPU time (s) and peak resident set (MiB; NaN where GNU time is missing). */
    record Timing(double wall, double cpu, double rssMiB) {}

    /** GNU time, when there is one, reports the child's CPU time. */
    private static final Path GNU_TIME = Path.of("/usr/bin/time");

    static Timing time(List<String> command, Path log) throws IOException, InterruptedException {
        Path cpuFile = log.resolveSibling(log.getFileName() + ".cpu");
        Files.deleteIfExists(cpuFile);
        List<String> timed = Files.isExecutable(GNU_TIME)
                ? concat(List.of(GNU_TIME.toString(), "-f", "%U %S %M", "-o", cpuFile.toString()), command) : command;
        long start = System.nanoTime();
        Process process = new ProcessBuilder(timed).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(30, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("timed out: " + String.join(" ", command));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (process.exitValue() != 0) {
            throw new IllegalStateException("exit " + process.exitValue() + " from " + String.join(" ", command) + ":\n"
                    + Files.readString(log));
        }
        double cpu = Double.NaN;
        double rss = Double.NaN;
        if (Files.exists(cpuFile)) {
            // the last line (GNU time may put a status line first): user s, system s, maximum resident set KiB
            String[] parts = Files.readString(cpuFile).trim().split("\\s+");
            cpu = Double.parseDouble(parts[parts.length - 3]) + Double.parseDouble(parts[parts.length - 2]);
            rss = Double.parseDouble(parts[parts.length - 1]) / 1024;
        }
        return new Timing(seconds, cpu, rss);
    }

    static boolean flinkAvailable() {
        try {
            Class.forName(FLINK_MAIN, false, WordCountComparison.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    // ---- checking the outputs agree ----

    private static final Pattern LINE = Pattern.compile("\"word\":\"([^\"]*)\",\"count\":(\\d+)(?:,\"time\":\\d+,\"diff\":(-?1))?");

    /** Checks that a contender counted what the hand loop counted; stops the benchmark if not. */
    private void check(String name, Path output, Path reference) throws IOException {
        Map<String, Long> expected = counts(reference);
        Map<String, Long> actual = counts(output);
        if (!expected.equals(actual)) {
            throw new IllegalStateException(name + " counted differently from the hand loop: " + actual.size() + " words vs "
                    + expected.size() + " (see " + output + ")");
        }
    }

    /**
     * The final count of every word in an output: JSON Lines changes with a diff are consolidated;
     * lines without one (the hand loop, Flink) are updates whose largest count is the final one.
     */
    static Map<String, Long> counts(Path output) throws IOException {
        Map<String, Long> net = new HashMap<>();
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(output)) {
            try (Stream<Path> walk = Files.walk(output)) {
                walk.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).forEach(files::add);
            }
        } else {
            files.add(output);
        }
        for (Path file : files) {
            for (String line : Files.readAllLines(file)) {
                Matcher m = LINE.matcher(line);
                if (!m.find()) {
                    continue;
                }
                long count = Long.parseLong(m.group(2));
                if (m.group(3) == null) {
                    net.merge(m.group(1), count, Math::max);
                } else if (m.group(3).equals("1")) {
                    net.put(m.group(1), count);     // an insert follows the retraction of the old count
                }
            }
        }
        return net;
    }

    // ---- small helpers ----

    private static final class Contender {
        final CommandSupplier command;
        final Step before;
        final Path output;
        final List<Double> seconds = new ArrayList<>();
        final List<Double> cpu = new ArrayList<>();
        final List<Double> rss = new ArrayList<>();
        final List<Double> stateBytes = new ArrayList<>();
        /** The state folder the contender leaves, measured after each run; null without one. */
        Path stateDir;

        Contender(CommandSupplier command, Step before, Path output) {
            this.command = command;
            this.before = before;
            this.output = output;
        }

        double median() {
            return median(seconds);
        }

        static double median(List<Double> values) {
            double[] sorted = values.stream().mapToDouble(Double::doubleValue).filter(v -> !Double.isNaN(v)).sorted().toArray();
            if (sorted.length == 0) {
                return Double.NaN;
            }
            int n = sorted.length;
            return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        }

        double min() {
            return seconds.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        }

        double max() {
            return seconds.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        }
    }

    interface CommandSupplier {
        List<String> get();
    }

    interface Step {
        void run() throws IOException;
    }

    static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** The bytes of the files under {@code root} (0 if it does not exist). */
    static long bytesUnder(Path root) throws IOException {
        if (!Files.exists(root)) {
            return 0;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            long total = 0;
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                total += Files.size(p);
            }
            return total;
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    /** {@code --name value} options, and flags. */
    static final class Options {
        private final Map<String, String> values = new HashMap<>();

        Options(String[] args) {
            List<String> list = Arrays.asList(args);
            for (int i = 0; i < list.size(); i++) {
                String arg = list.get(i);
                if (!arg.startsWith("--")) {
                    throw new IllegalArgumentException("unexpected argument " + arg);
                }
                boolean flag = i + 1 == list.size() || list.get(i + 1).startsWith("--");
                values.put(arg, flag ? "" : list.get(++i));
            }
        }

        boolean has(String name) {
            return values.containsKey(name);
        }

        String get(String name, String otherwise) {
            return values.getOrDefault(name, otherwise);
        }

        int intValue(String name, int otherwise) {
            return values.containsKey(name) ? Integer.parseInt(values.get(name).replace("_", "")) : otherwise;
        }
    }
}
