package dev.tideway.samples.flink;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The word count's output summed: each {"word":..,"count":..} with the sum of its diffs, zeros left
 * out; from a file (the embedded engine's) or the committed part files of a directory (Flink's; files
 * in progress start with a dot).
 */
final class PartFiles {
    private PartFiles() {}

    static List<String> lines(Path output) throws IOException {
        if (Files.isRegularFile(output)) {
            return Files.readAllLines(output);
        }
        List<String> lines = new ArrayList<>();
        try (Stream<Path> parts = Files.list(output)) {
            for (Path part : parts.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList()) {
                lines.addAll(Files.readAllLines(part));
            }
        }
        return lines;
    }

    static Map<String, Integer> consolidated(Path output) throws IOException {
        Map<String, Integer> sums = new TreeMap<>();
        for (String line : lines(output)) {
            int time = line.indexOf(",\"time\":");
            int diff = line.indexOf(",\"diff\":");
            if (time < 0 || diff < 0 || !line.endsWith("}")) {
                throw new AssertionError("not a change line: " + line);
            }
            sums.merge(line.substring(0, time) + "}", Integer.parseInt(line.substring(diff + 8, line.length() - 1)), Integer::sum);
        }
        sums.values().removeIf(sum -> sum == 0);
        return sums;
    }
}
