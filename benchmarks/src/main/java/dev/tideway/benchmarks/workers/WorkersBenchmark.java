package dev.tideway.benchmarks.workers;

import dev.tideway.JoinOn;
import dev.tideway.JoinResult;
import dev.tideway.Pipeline;
import dev.tideway.Reducers;
import dev.tideway.RunConfig;
import dev.tideway.Table;
import dev.tideway.benchmarks.engine.WordInfo;
import dev.tideway.benchmarks.engine.WordInfo_;
import dev.tideway.io.csv.Csv;
import dev.tideway.io.csv.CsvReadOptions;
import dev.tideway.io.jsonlines.JsonLines;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * {@code RunConfig.withWorkers}: the word count and a join-heavy pipeline (every word joined with a
 * dictionary of its rank and class, then counted by class) on 1, 2, 4 and 8 workers, in one JVM
 * (JVM start excluded), in interleaved rounds (round 0 warms up and is not counted); prints each
 * median wall time, its ratio to one worker, and the median CPU time of the process during the run
 * (all threads, GC and JIT included: on a shared machine it shows the work done where wall time
 * shows the waiting too). Each run starts after a full collection (the run before leaves no garbage
 * to it), and each round starts at another worker count.
 *
 * <pre>
 * java -cp benchmarks/target/tideway-benchmarks.jar dev.tideway.benchmarks.workers.WorkersBenchmark \
 *     --dir /tmp/workers-bench --words 20000000 --files 400 --rounds 3 [--workers 1,2,4,8] [--pipelines wordcount,join]
 * </pre>
 */
public final class WorkersBenchmark {
    private WorkersBenchmark() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        Path dir = Path.of(options.getOrDefault("--dir", "/tmp/workers-bench"));
        long words = Long.parseLong(options.getOrDefault("--words", "20000000"));
        int files = Integer.parseInt(options.getOrDefault("--files", "400"));
        int rounds = Integer.parseInt(options.getOrDefault("--rounds", "3"));
        int[] workerCounts = Arrays.stream(options.getOrDefault("--workers", "1,2,4,8").split(",")).mapToInt(Integer::parseInt).toArray();
        List<String> pipelines = List.of(options.getOrDefault("--pipelines", "wordcount,join").split(","));
        int distinct = 5_000;
        generate(dir, words, files, distinct);
        Map<String, List<Long>> times = new LinkedHashMap<>();
        Map<String, List<Long>> cpuTimes = new LinkedHashMap<>();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        for (int round = 0; round <= rounds; round++) {
            for (String pipeline : pipelines) {
                for (int i = 0; i < workerCounts.length; i++) {
                    // each round starts at another worker count, so none always follows the same one
                    int workers = workerCounts[(i + round) % workerCounts.length];
                    // the garbage of the run before is collected now, not charged to this one
                    System.gc();
                    long start = System.nanoTime();
                    long cpuStart = os.getProcessCpuTime();
                    run(dir, pipeline, workers);
                    long nanos = System.nanoTime() - start;
                    long cpuNanos = os.getProcessCpuTime() - cpuStart;
                    if (round > 0) {
                        times.computeIfAbsent(pipeline + " " + workers, key -> new ArrayList<>()).add(nanos);
                        cpuTimes.computeIfAbsent(pipeline + " " + workers, key -> new ArrayList<>()).add(cpuNanos);
                    }
                    System.err.printf("round %d %s workers=%d %.3f s, CPU %.3f s%n", round, pipeline, workers, nanos / 1e9, cpuNanos / 1e9);
                }
            }
        }
        System.out.printf("%,d words in %d files; median of %d interleaved rounds, in one JVM (start excluded); %d cores%n", words, files,
                rounds, Runtime.getRuntime().availableProcessors());
        System.out.println("| pipeline  | workers | median s | speed-up vs 1 | median CPU s (process) |");
        System.out.println("|-----------|---------|----------|---------------|------------------------|");
        for (String pipeline : pipelines) {
            double one = median(times.get(pipeline + " " + workerCounts[0]));
            for (int workers : workerCounts) {
                double median = median(times.get(pipeline + " " + workers));
                System.out.printf("| %-9s | %7d | %8.3f | %12.2fx | %22.3f |%n", pipeline, workers, median / 1e9, one / median,
                        median(cpuTimes.get(pipeline + " " + workers)) / 1e9);
            }
        }
    }

    private static void run(Path dir, String pipeline, int workers) throws Exception {
        Path out = dir.resolve("out-" + pipeline + "-" + workers + ".jsonl");
        Files.deleteIfExists(out);
        try (Pipeline built = Pipeline.create()) {
            Table<Word> words = Csv.read(dir.resolve("words"), Word_.SCHEMA, CsvReadOptions.defaults().withStreaming(false));
            if (pipeline.equals("wordcount")) {
                JsonLines.write(words.groupBy(Word_.word).reduce(WordTotal_.of(Word_.word, Reducers.count())), out);
            } else {
                Table<WordInfo> dictionary = Csv.read(dir.resolve("dictionary"), WordInfo_.SCHEMA, CsvReadOptions.defaults().withStreaming(false));
                var joined = words.join(dictionary, JoinOn.of(Word_.word, WordInfo_.word));
                var byClass = dev.tideway.Exprs.apply(dev.tideway.schema.ValueTypes.STRING, JoinResult.right(WordInfo_.rank), rank -> "class-" + rank % 97);
                JsonLines.write(joined.groupBy(byClass).reduce(WordTotal_.of(byClass, Reducers.count())), out);
            }
            built.run(RunConfig.defaults().withHandleSignals(false).withProgress(false).withWorkers(workers));
        }
    }

    private static void generate(Path dir, long words, int files, int distinct) throws IOException {
        Path marker = dir.resolve("generated-" + words + "-" + files);
        if (Files.exists(marker)) {
            return;
        }
        Files.createDirectories(dir.resolve("words"));
        Files.createDirectories(dir.resolve("dictionary"));
        Random random = new Random(42);
        String[] vocabulary = new String[distinct];
        for (int i = 0; i < distinct; i++) {
            vocabulary[i] = "w" + Integer.toString(i * 7919 + 13, 36);
        }
        long perFile = words / files;
        for (int f = 0; f < files; f++) {
            try (BufferedWriter out = Files.newBufferedWriter(dir.resolve("words").resolve("part-" + f + ".csv"))) {
                out.write("word\n");
                for (long i = 0; i < perFile; i++) {
                    // Zipf-like: small ranks far more often
                    int rank = (int) Math.min(distinct - 1, Math.floor(Math.pow(distinct, random.nextDouble())) - 1);
                    out.write(vocabulary[Math.max(0, rank)]);
                    out.write('\n');
                }
            }
        }
        try (BufferedWriter out = Files.newBufferedWriter(dir.resolve("dictionary").resolve("dictionary.csv"))) {
            out.write("word,rank\n");
            for (int i = 0; i < distinct; i++) {
                out.write(vocabulary[i] + "," + i + "\n");
            }
        }
        Files.createFile(marker);
    }

    private static double median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }
}
