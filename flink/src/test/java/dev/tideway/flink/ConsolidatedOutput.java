package dev.tideway.flink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What a JSON Lines output holds once its changes are summed: each row (its fields without time and
 * diff, as canonical JSON) with the sum of its diffs, rows whose sum is 0 left out. Reads one file (the
 * embedded engine's) or every committed part file of a directory (Flink's FileSink; in-progress and
 * pending files start with a dot and are not read).
 */
final class ConsolidatedOutput {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ConsolidatedOutput() {}

    static Map<String, Integer> of(Path output) {
        Map<String, Integer> sums = new TreeMap<>();
        for (String line : lines(output)) {
            if (line.isBlank()) {
                continue;
            }
            try {
                ObjectNode node = (ObjectNode) JSON.readTree(line);
                int diff = node.remove("diff").asInt();
                JsonNode time = node.remove("time");
                if (time == null || diff * diff != 1) {
                    throw new AssertionError("not a change line: " + line);
                }
                sums.merge(canonical(node), diff, Integer::sum);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        sums.values().removeIf(sum -> sum == 0);
        return sums;
    }

    /** Every line of the output, in file order (part files by name). */
    static List<String> lines(Path output) {
        try {
            if (Files.isRegularFile(output)) {
                return Files.readAllLines(output);
            }
            if (!Files.isDirectory(output)) {
                return List.of();
            }
            List<String> lines = new ArrayList<>();
            try (Stream<Path> files = Files.list(output)) {
                for (Path part : files.filter(f -> !f.getFileName().toString().startsWith(".")).sorted().toList()) {
                    lines.addAll(Files.readAllLines(part));
                }
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String canonical(ObjectNode node) throws IOException {
        Map<String, JsonNode> fields = new TreeMap<>();
        node.fields().forEachRemaining(field -> fields.put(field.getKey(), field.getValue()));
        return JSON.writeValueAsString(fields);
    }
}
