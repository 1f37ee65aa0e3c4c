package dev.tideway.flink;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Replays a word count's output changes in order of time (retractions before insertions within a
 * time, as a batch's changes stand) and counts what exactly-once forbids, in the style of Flink's and
 * Kafka Streams' verifiers: a count inserted for a word that has a live count, or a retraction of a
 * count that is not live, is duplicated; a word whose live count at the end is not its true count is
 * lost.
 */
final class ExactlyOnce {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Report(int changes, int duplicated, int lost, List<String> problems) {}

    private record Line(String word, long count, long time, int diff) {}

    private ExactlyOnce() {}

    static Report verify(List<String> lines, Map<String, Long> truth) {
        List<Line> changes = new ArrayList<>();
        for (String text : lines) {
            try {
                ObjectNode node = (ObjectNode) JSON.readTree(text);
                changes.add(new Line(node.get("word").asText(), node.get("count").asLong(), node.get("time").asLong(), node.get("diff").asInt()));
            } catch (IOException e) {
                throw new UncheckedIOException("not a change line: " + text, e);
            }
        }
        changes.sort(Comparator.comparingLong(Line::time).thenComparingInt(Line::diff));
        Map<String, Long> live = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        int duplicated = 0;
        for (Line change : changes) {
            Long held = live.get(change.word);
            if (change.diff > 0) {
                if (held != null) {
                    duplicated++;
                    problems.add("inserted " + change + " over the live count " + held);
                }
                live.put(change.word, change.count);
            } else if (held == null || held != change.count) {
                duplicated++;
                problems.add("retracted " + change + " while the live count is " + held);
            } else {
                live.remove(change.word);
            }
        }
        int lost = 0;
        for (Map.Entry<String, Long> word : truth.entrySet()) {
            if (!word.getValue().equals(live.get(word.getKey()))) {
                lost++;
                problems.add(word.getKey() + ": live count " + live.get(word.getKey()) + ", true count " + word.getValue());
            }
        }
        for (String word : live.keySet()) {
            if (!truth.containsKey(word)) {
                lost++;
                problems.add(word + ": a live count of a word that is not in the input");
            }
        }
        return new Report(changes.size(), duplicated, lost, problems.subList(0, Math.min(10, problems.size())));
    }
}
