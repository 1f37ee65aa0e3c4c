package dev.tideway.testing;

import dev.tideway.schema.FieldDescriptor;
import dev.tideway.schema.RowSchema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Parses the markdown tables of {@link PipelineTester#tableFromMarkdown} into rows. */
final class MarkdownRows {
    private MarkdownRows() {}

    static <T> List<T> parse(RowSchema<T> schema, String markdown) {
        List<String[]> lines = new ArrayList<>();
        for (String line : markdown.strip().split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.replace("|", "").replace("-", "").replace(":", "").isBlank()) {
                continue;
            }
            if (trimmed.startsWith("|")) {
                trimmed = trimmed.substring(1);
            }
            if (trimmed.endsWith("|")) {
                trimmed = trimmed.substring(0, trimmed.length() - 1);
            }
            lines.add(Arrays.stream(trimmed.split("\\|", -1)).map(String::strip).toArray(String[]::new));
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("a markdown table needs a header line");
        }
        String[] header = lines.get(0);
        int[] columnOfField = new int[schema.fields().size()];
        Arrays.fill(columnOfField, -1);
        for (int c = 0; c < header.length; c++) {
            int column = c;
            FieldDescriptor field = schema.fieldByExternalName(header[c]).orElseThrow(() -> new IllegalArgumentException(
                    "column \"" + header[column] + "\" is not a field of " + schema.name() + " (" + schema.description() + ")"));
            columnOfField[field.index()] = c;
        }
        for (FieldDescriptor field : schema.fields()) {
            if (columnOfField[field.index()] < 0 && !field.nullable()) {
                throw new IllegalArgumentException("the table has no column \"" + field.externalName() + "\", which " + schema.name() + " requires");
            }
        }
        List<T> rows = new ArrayList<>();
        for (int r = 1; r < lines.size(); r++) {
            String[] cells = lines.get(r);
            if (cells.length != header.length) {
                throw new IllegalArgumentException("row " + r + " has " + cells.length + " cells, the header " + header.length + ": "
                        + String.join(" | ", cells));
            }
            try {
                rows.add(schema.readText(field -> columnOfField[field] < 0 ? null : cells[columnOfField[field]]));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("row " + r + ": " + e.getMessage(), e);
            }
        }
        return rows;
    }
}
