package dev.tideway.samples.persistence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replays the sensor sample's output, one change a line, as {@link ExactlyOnceVerifier} does for the
 * word count: a window's average inserted while one is live, or a retraction of an average that is
 * not live, is duplicated output; time going back is out of order; at the end, a window whose live
 * average differs from the one recomputed from the input is lost.
 */
final class SensorOutput {
    private static final Pattern LINE = Pattern.compile("\\{\"sensor\":\"([^\"]*)\",\"windowStart\":\"([^\"]*)\",\"windowEnd\":\"([^\"]*)\","
            + "\"average\":([^,]*),\"readings\":(\\d+),\"time\":(\\d+),\"diff\":(-?1)}");

    record Report(int lines, int duplicated, int lost, int outOfOrder, int unreadable, Map<String, String> live, List<String> problems) {
        int violations() {
            return duplicated + lost + outOfOrder + unreadable;
        }

        @Override
        public String toString() {
            return lines + " lines, " + live.size() + " windows: duplicated " + duplicated + ", lost " + lost + ", out of order " + outOfOrder
                    + ", unreadable " + unreadable + (problems.isEmpty() ? "" : "; first problems: " + problems);
        }
    }

    private SensorOutput() {}

    /** The live windows of the complete lines so far, as {@link SensorFiles#expected} keys and values them. */
    static Map<String, String> live(Path output) {
        return verify(output, null).live();
    }

    static Report verify(Path output, Map<String, String> expected) {
        List<String> lines = wholeLines(output);
        Map<String, String> live = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        int duplicated = 0;
        int outOfOrder = 0;
        int unreadable = 0;
        long lastTime = Long.MIN_VALUE;
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = LINE.matcher(lines.get(i));
            if (!m.matches()) {
                unreadable++;
                note(problems, "line " + (i + 1) + " unreadable: " + lines.get(i));
                continue;
            }
            String key = m.group(1) + " " + m.group(2);
            String value = m.group(3) + " " + Double.parseDouble(m.group(4)) + " " + m.group(5);
            long time = Long.parseLong(m.group(6));
            if (time < lastTime) {
                outOfOrder++;
                note(problems, "line " + (i + 1) + " time goes back: " + lines.get(i));
            }
            lastTime = Math.max(lastTime, time);
            if (m.group(7).equals("1")) {
                if (live.put(key, value) != null) {
                    duplicated++;
                    note(problems, "line " + (i + 1) + " second live average for " + key);
                }
            } else if (value.equals(live.get(key))) {
                live.remove(key);
            } else {
                duplicated++;
                note(problems, "line " + (i + 1) + " retracts an average that is not live (live: " + live.get(key) + "): " + lines.get(i));
            }
        }
        int lost = 0;
        if (expected != null) {
            TreeSet<String> keys = new TreeSet<>(expected.keySet());
            keys.addAll(live.keySet());
            for (String key : keys) {
                if (!Objects.equals(expected.get(key), live.get(key))) {
                    lost++;
                    note(problems, key + ": output says " + live.get(key) + ", input says " + expected.get(key));
                }
            }
        }
        return new Report(lines.size(), duplicated, lost, outOfOrder, unreadable, live, problems);
    }

    private static void note(List<String> problems, String problem) {
        if (problems.size() < 5) {
            problems.add(problem);
        }
    }

    private static List<String> wholeLines(Path file) {
        try {
            if (!Files.exists(file)) {
                return List.of();
            }
            String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            int end = text.lastIndexOf('\n');
            return end < 0 ? List.of() : List.of(text.substring(0, end).split("\n", -1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
