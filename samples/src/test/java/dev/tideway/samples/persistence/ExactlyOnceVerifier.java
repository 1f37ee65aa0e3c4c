package dev.tideway.samples.persistence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replays the word count's output, one change a line, against the counts recomputed from the input,
 * and counts what exactly-once forbids (in the style of Flink's and Kafka Streams' verifiers):
 * <ul>
 *   <li>duplicated: a count inserted for a word that already has a live count, or a retraction of a
 *       (word, count) that is not live (a change delivered twice);
 *   <li>lost: at the end, a word whose live count differs from the true count, or is missing;
 *   <li>out of order: a word's count going down (the input only grows), or time going back;
 *   <li>unreadable: a line that is not a whole change.
 * </ul>
 */
final class ExactlyOnceVerifier {
    private static final Pattern LINE = Pattern.compile(
            "\\{\"word\":\"([^\"]*)\",\"count\":(-?\\d+),\"time\":(-?\\d+),\"diff\":(-?1)}");

    record Report(int lines, int duplicated, int lost, int outOfOrder, int unreadable, Map<String, Long> live,
                  List<String> problems) {
        int violations() {
            return duplicated + lost + outOfOrder + unreadable;
        }

        @Override
        public String toString() {
            return lines + " lines: duplicated " + duplicated + ", lost " + lost + ", out of order " + outOfOrder
                    + ", unreadable " + unreadable + (problems.isEmpty() ? "" : "; first problems: " + problems);
        }
    }

    private ExactlyOnceVerifier() {}

    /** Verifies the whole file against {@code truth}. */
    static Report verify(Path output, Map<String, Long> truth) {
        return replay(wholeLines(output), truth);
    }

    /** Verifies changes read from elsewhere (a topic), one JSON change a line, in the order they were written. */
    static Report verify(List<String> lines, Map<String, Long> truth) {
        return replay(lines, truth);
    }

    /** The live counts of the complete lines written so far (for waiting on progress). */
    static Map<String, Long> liveCounts(Path output) {
        return replay(wholeLines(output), null).live();
    }

    private static Report replay(List<String> lines, Map<String, Long> truth) {
        Map<String, Long> live = new TreeMap<>();
        Map<String, Long> highest = new HashMap<>();
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
            String word = m.group(1);
            long count = Long.parseLong(m.group(2));
            long time = Long.parseLong(m.group(3));
            if (time < lastTime) {
                outOfOrder++;
                note(problems, "line " + (i + 1) + " time goes back: " + lines.get(i));
            }
            lastTime = Math.max(lastTime, time);
            if (m.group(4).equals("1")) {
                if (live.containsKey(word)) {
                    duplicated++;
                    note(problems, "line " + (i + 1) + " second live count for " + word + ": " + lines.get(i));
                }
                if (count < highest.getOrDefault(word, 0L)) {
                    outOfOrder++;
                    note(problems, "line " + (i + 1) + " count of " + word + " goes down: " + lines.get(i));
                }
                highest.merge(word, count, Math::max);
                live.put(word, count);
            } else if (Long.valueOf(count).equals(live.get(word))) {
                live.remove(word);
            } else {
                duplicated++;
                note(problems, "line " + (i + 1) + " retracts a count that is not live (live: " + live.get(word) + "): "
                        + lines.get(i));
            }
        }
        int lost = 0;
        if (truth != null) {
            for (String word : union(truth, live)) {
                if (!java.util.Objects.equals(truth.get(word), live.get(word))) {
                    lost++;
                    note(problems, word + ": output says " + live.get(word) + ", input says " + truth.get(word));
                }
            }
        }
        return new Report(lines.size(), duplicated, lost, outOfOrder, unreadable, live, problems);
    }

    private static List<String> union(Map<String, Long> a, Map<String, Long> b) {
        TreeMap<String, Boolean> all = new TreeMap<>();
        a.keySet().forEach(k -> all.put(k, true));
        b.keySet().forEach(k -> all.put(k, true));
        return new ArrayList<>(all.keySet());
    }

    private static void note(List<String> problems, String problem) {
        if (problems.size() < 5) {
            problems.add(problem);
        }
    }

    /** The lines of the file up to its last newline: a line being written is not read. */
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
