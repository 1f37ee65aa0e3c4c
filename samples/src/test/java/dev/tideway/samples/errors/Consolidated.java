package dev.tideway.samples.errors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a JSON Lines output holds now: its changes summed per row (the line without {@code time} and
 * {@code diff}), the rows whose sum is not zero. A sum below zero, a retraction of a row that was not
 * there, is an error.
 */
final class Consolidated {
    private static final Pattern CHANGE = Pattern.compile("^(.*),\"time\":\\d+,\"diff\":(-?\\d+)}$");

    private Consolidated() {}

    static Map<String, Integer> of(Path file) throws IOException {
        Map<String, Integer> rows = new TreeMap<>();
        for (String line : Files.readAllLines(file)) {
            Matcher change = CHANGE.matcher(line);
            if (!change.matches()) {
                throw new AssertionError(file + " holds a line that is not a change: " + line);
            }
            rows.merge(change.group(1) + "}", Integer.parseInt(change.group(2)), Integer::sum);
        }
        rows.forEach((row, sum) -> {
            if (sum < 0) {
                throw new AssertionError(file + " retracts " + row + " more often than it inserts it: " + sum);
            }
        });
        rows.values().removeIf(sum -> sum == 0);
        return rows;
    }
}
