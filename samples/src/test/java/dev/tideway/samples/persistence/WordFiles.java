package dev.tideway.samples.persistence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The input of the word count: CSV files with a header {@code word}, written as a real producer
 * writes them (to {@code *.tmp}, then renamed), and the true counts recomputed from the files.
 */
final class WordFiles {
    private final Path dir;
    private final Random random;
    private final AtomicInteger written = new AtomicInteger();

    WordFiles(Path dir, long seed) {
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

    /** Writes one new file of 5 to 40 words out of 60, atomically. */
    synchronized Path writeFile() {
        int n = written.incrementAndGet();
        StringBuilder text = new StringBuilder("word\n");
        int words = 5 + random.nextInt(36);
        for (int i = 0; i < words; i++) {
            text.append('w').append(random.nextInt(60)).append('\n');
        }
        Path target = dir.resolve(String.format("part-%05d.csv", n));
        Path temp = dir.resolve(target.getFileName() + ".tmp");
        try {
            Files.writeString(temp, text);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    /** The count of every word over the CSV files now in the directory, recomputed from them. */
    static Map<String, Long> trueCounts(Path dir) {
        Map<String, Long> counts = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".csv")).toList()) {
                List<String> lines = Files.readAllLines(file);
                for (String word : lines.subList(1, lines.size())) {
                    counts.merge(word, 1L, Long::sum);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return counts;
    }
}
