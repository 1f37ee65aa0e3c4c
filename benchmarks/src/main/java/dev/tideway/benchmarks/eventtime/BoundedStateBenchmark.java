package dev.tideway.benchmarks.eventtime;

import dev.tideway.Behavior;
import dev.tideway.Reducers;
import dev.tideway.RunConfig;
import dev.tideway.RunHandle;
import dev.tideway.Table;
import dev.tideway.Tideway;
import dev.tideway.Window;
import dev.tideway.WindowedTable;
import dev.tideway.io.push.PushSource;
import dev.tideway.io.subscribe.Subscribe;
import dev.tideway.persistence.Backend;
import dev.tideway.persistence.PersistenceConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * State that forgets, measured: a persistent streaming run of 10M events over a sliding time range
 * (100 sensors, an event every 6 ms of event time, so about 17 hours of it), in sliding windows of
 * one minute every 10 s, run twice in child JVMs:
 * <ul>
 *   <li><b>forgetting</b>: an append-only push source and a 1-minute cutoff on the windows;
 *   <li><b>keeping</b> (what the same pipeline did before event time): a push source that keeps
 *       every event, windows that are never forgotten.
 * </ul>
 * Each child samples its resident set (VmRSS) and the size of its state folder (snapshot, log,
 * rows) after every chunk of events, and reports the peak of each in every quarter of the run; this
 * program prints them and the ratio of the last quarter to the first (the goal for forgetting is
 * at most 1.2).
 *
 * <pre>{@code
 * java -cp benchmarks/target/tideway-benchmarks.jar dev.tideway.benchmarks.eventtime.BoundedStateBenchmark \
 *     --dir /tmp/bounded --events 10000000
 * }</pre>
 *
 * <p>A benchmark program, not a test: run it on a quiet machine and read the figures as such.
 */
public final class BoundedStateBenchmark {
    private static final int SENSORS = 100;
    private static final long STEP_MS = 6;
    private static final long HOP_MS = 10_000;
    private static final long LENGTH_MS = 60_000;
    private static final long CUTOFF_MS = 60_000;
    private static final int CHUNK = 20_000;

    private BoundedStateBenchmark() {}

    public static void main(String[] args) throws Exception {
        String dir = option(args, "--dir", "/tmp/tideway-bounded-state");
        long events = Long.parseLong(option(args, "--events", "10000000"));
        String variant = option(args, "--child", null);
        if (variant != null) {
            child(Path.of(dir), events, variant.equals("forgetting"));
            return;
        }
        List<String> report = new ArrayList<>();
        report.add(String.format(Locale.ROOT, "%,d events, %d sensors, sliding windows of %d s every %d s, cutoff %d s (forgetting only),"
                + " a snapshot every 2 s; the peak in each quarter of the run, then the last quarter's over the first's", events, SENSORS,
                LENGTH_MS / 1000, HOP_MS / 1000, CUTOFF_MS / 1000));
        for (String name : List.of("forgetting", "keeping")) {
            report.addAll(runChild(Path.of(dir).resolve(name), events, name));
        }
        report.forEach(System.out::println);
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    private static List<String> runChild(Path dir, long events, String variant) throws Exception {
        deleteTree(dir);
        Files.createDirectories(dir);
        Path log = dir.resolve("child.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xms64m", "-Xmx6g", "-XX:+UseSerialGC", "-XX:MinHeapFreeRatio=10",
                "-XX:MaxHeapFreeRatio=30", "-cp", System.getProperty("java.class.path"), BoundedStateBenchmark.class.getName(),
                "--child", variant, "--dir", dir.toString(), "--events", Long.toString(events))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(2, TimeUnit.HOURS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException(variant + " failed; see " + log);
        }
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            if (line.startsWith("| ")) {
                lines.add(line);
            }
        }
        return lines;
    }

    /** The child: runs the pipeline, pushing chunk after chunk once the one before reached the output. */
    private static void child(Path dir, long events, boolean forgetting) throws Exception {
        PushSource<SensorTick> source = PushSource.create(SensorTick_.SCHEMA, "ticks");
        Table<SensorTick> ticks = forgetting ? source.table().appendOnly() : source.table();
        WindowedTable<SensorTick, Long> windows = ticks.windowBy(Window.sliding(HOP_MS, LENGTH_MS), SensorTick_.t, SensorTick_.sensor)
                .withBehavior(forgetting ? Behavior.cutoff(CUTOFF_MS) : Behavior.NONE);
        AtomicLong latestStart = new AtomicLong(Long.MIN_VALUE);
        Subscribe.subscribe(windows.reduce(WindowAverage_.of(SensorTick_.sensor, windows.start(), Reducers.count(),
                Reducers.avg(SensorTick_.value))), (key, row, time, isAddition) -> latestStart.accumulateAndGet(row.start(), Math::max));
        Path state = dir.resolve("state");
        RunHandle run = Tideway.start(RunConfig.defaults().withHandleSignals(false)
                .withPersistence(PersistenceConfig.of(Backend.filesystem(state)).withSnapshotIntervalMs(2_000)));

        String[] sensors = new String[SENSORS];
        for (int s = 0; s < SENSORS; s++) {
            sensors[s] = "sensor-" + s;
        }
        long[] peakRss = new long[4];
        long[] peakSnapshot = new long[4];
        long[] peakState = new long[4];
        long[] liveHeap = new long[4];
        long started = System.nanoTime();
        for (long i = 0; i < events; ) {
            long end = Math.min(events, i + CHUNK);
            for (; i < end; i++) {
                source.insert(new SensorTick(sensors[(int) (i % SENSORS)], i * STEP_MS, (i % 97) * 0.5));
            }
            long lastStart = Math.floorDiv((end - 1) * STEP_MS, HOP_MS) * HOP_MS;
            while (latestStart.get() < lastStart) {
                if (run.isDone()) {
                    run.await();
                    throw new IllegalStateException("the run ended");
                }
                Thread.sleep(1);
            }
            int quarter = (int) Math.min(3, (end - 1) * 4 / events);
            long nextEnd = Math.min(events, end + CHUNK);
            if (end == events || (nextEnd - 1) * 4 / events != quarter) {
                // the last chunk of a quarter: the heap the state really holds, after a full collection
                System.gc();
                liveHeap[quarter] = java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            }
            peakRss[quarter] = Math.max(peakRss[quarter], rssBytes());
            peakSnapshot[quarter] = Math.max(peakSnapshot[quarter], size(state.resolve("snapshots")));
            peakState[quarter] = Math.max(peakState[quarter], size(state));
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        source.close();
        run.stop();
        run.await();
        String name = forgetting ? "forgetting" : "keeping";
        System.out.printf(Locale.ROOT, "| %-10s | peak RSS, MB          | %s | %5.2f |%n", name, quarters(peakRss), ratio(peakRss));
        System.out.printf(Locale.ROOT, "| %-10s | live heap after GC, MB | %s | %5.2f |%n", name, quarters(liveHeap), ratio(liveHeap));
        System.out.printf(Locale.ROOT, "| %-10s | snapshot, MB          | %s | %5.2f |%n", name, quarters(peakSnapshot), ratio(peakSnapshot));
        System.out.printf(Locale.ROOT, "| %-10s | state folder + log, MB | %s | %5.2f |%n", name, quarters(peakState), ratio(peakState));
        System.out.printf(Locale.ROOT, "| %-10s | run time, s           | %8.0f |%n", name, seconds);
    }

    /** The last quarter's peak over the first's. */
    private static double ratio(long[] peaks) {
        return (double) peaks[3] / Math.max(1, peaks[0]);
    }

    private static String quarters(long[] bytes) {
        StringBuilder text = new StringBuilder();
        for (long value : bytes) {
            text.append(String.format(Locale.ROOT, "%9.1f", value / 1e6));
        }
        return text.toString();
    }

    /** The resident set size of this process, from /proc/self/status (0 where there is none). */
    private static long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return 0;
    }

    private static long size(Path dir) {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> {
                try {
                    return Files.size(file);
                } catch (IOException e) {
                    return 0;   // deleted by a snapshot while we looked
                }
            }).sum();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
