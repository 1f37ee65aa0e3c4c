package dev.tideway.benchmarks.e2e;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The practical limit: the word count as a hand-written Java loop — read every file, skip the
 * header, count in a {@code HashMap}, write one JSON line per word. No persistence, no incremental
 * anything. {@code HandWordCount INPUT_DIR OUTPUT_FILE}
 */
public final class HandWordCount {
    private HandWordCount() {}

    public static void main(String[] args) throws IOException {
        Path input = Path.of(args[0]);
        Path output = Path.of(args[1]);
        Map<String, long[]> counts = new HashMap<>();
        List<Path> files;
        try (Stream<Path> listing = Files.list(input)) {
            files = listing.filter(p -> p.getFileName().toString().endsWith(".csv")).sorted().toList();
        }
        for (Path file : files) {
            try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                in.readLine();      // the header
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (!line.isEmpty()) {
                        counts.computeIfAbsent(line, w -> new long[1])[0]++;
                    }
                }
            }
        }
        try (BufferedWriter out = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
            for (Map.Entry<String, long[]> entry : counts.entrySet()) {
                out.write("{\"word\":\"" + entry.getKey() + "\",\"count\":" + entry.getValue()[0] + "}\n");
            }
        }
    }
}
