package dev.tideway.samples.identity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What a CSV change file written by a sink holds: its header, and the rows its changes add up to. */
final class CsvOutput {
    private CsvOutput() {}

    /** The lines of {@code file} after its header, each without its time column ({@code word,diff}). */
    static List<String> changes(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        List<String> changes = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            int diff = line.lastIndexOf(',');
            int time = line.lastIndexOf(',', diff - 1);
            changes.add(line.substring(0, time) + line.substring(diff));
        }
        return changes;
    }

    /** The rows the changes of {@code file} add up to, sorted; fails on a row that adds up to less than 0. */
    static List<String> rows(Path file) throws IOException {
        Map<String, Integer> counts = new TreeMap<>();
        for (String change : changes(file)) {
            int comma = change.lastIndexOf(',');
            counts.merge(change.substring(0, comma), Integer.parseInt(change.substring(comma + 1)), Integer::sum);
        }
        List<String> rows = new ArrayList<>();
        counts.forEach((row, n) -> {
            if (n < 0) {
                throw new AssertionError(row + " adds up to " + n + " in " + file);
            }
            for (int i = 0; i < n; i++) {
                rows.add(row);
            }
        });
        return rows;
    }
}
