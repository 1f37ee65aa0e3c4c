package dev.tideway.samples.persistence;

import dev.tideway.samples.sensors.SensorAveragesPipeline;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The input of the sensor sample: CSV files of readings written as a producer writes them (aside,
 * then renamed in), each file 20 s of event time after the one before, its readings up to 90 s out
 * of order (never late for the 10-minute cutoff); and the averages the sample must output, recomputed
 * from the files.
 */
final class SensorFiles {
    static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

    private final Path dir;
    private final Random random;
    private final AtomicInteger written = new AtomicInteger();

    SensorFiles(Path dir, long seed) {
        this.dir = dir;
        this.random = new Random(seed);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path dir() {
        return dir;
    }

    int written() {
        return written.get();
    }

    /** Writes the next file: 5 to 30 readings of sensors s0..s4, values in halves (their sums are exact). */
    synchronized void writeFile() {
        int n = written.getAndIncrement();
        Instant base = START.plusSeconds(20L * n);
        StringBuilder text = new StringBuilder("sensor,time,value\n");
        for (int i = 5 + random.nextInt(26); i > 0; i--) {
            text.append('s').append(random.nextInt(5)).append(',').append(base.minusSeconds(random.nextInt(91))).append(',')
                    .append(random.nextInt(41) * 0.5).append('\n');
        }
        write(String.format("readings-%05d.csv", n), text.toString());
    }

    void write(String name, String text) {
        try {
            Path temp = dir.resolve("." + name + ".tmp");
            Files.writeString(temp, text);
            Files.move(temp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The averages the files make when no reading is late: per sensor and 5-minute window, the mean
     * and the count of its readings, for the windows the watermark (the latest time) released, those
     * starting at least a minute before it. Keyed by "sensor windowStart", valued "windowEnd average count".
     */
    static Map<String, String> expected(Path dir) {
        Map<String, double[]> sums = new TreeMap<>();
        Instant watermark = Instant.MIN;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".csv")).sorted().toList()) {
                List<String> lines = Files.readAllLines(file);
                for (String line : lines.subList(1, lines.size())) {
                    String[] cells = line.split(",");
                    Instant time = Instant.parse(cells[1]);
                    watermark = time.isAfter(watermark) ? time : watermark;
                    long window = SensorAveragesPipeline.WINDOW.getSeconds();
                    Instant start = Instant.ofEpochSecond(Math.floorDiv(time.getEpochSecond(), window) * window);
                    double[] sum = sums.computeIfAbsent(cells[0] + " " + start, k -> new double[2]);
                    sum[0] += Double.parseDouble(cells[2]);
                    sum[1]++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> expected = new TreeMap<>();
        for (Map.Entry<String, double[]> window : sums.entrySet()) {
            Instant start = Instant.parse(window.getKey().split(" ")[1]);
            if (!start.plus(SensorAveragesPipeline.DELAY).isAfter(watermark)) {
                double[] sum = window.getValue();
                expected.put(window.getKey(), start.plus(SensorAveragesPipeline.WINDOW) + " " + sum[0] / sum[1] + " " + (long) sum[1]);
            }
        }
        return expected;
    }
}
