package dev.tideway.samples.binding;

import dev.tideway.Table;
import dev.tideway.annotations.PersistentSource;
import dev.tideway.io.csv.Csv;
import dev.tideway.io.csv.CsvReadOptions;
import dev.tideway.io.jsonlines.JsonLines;
import dev.tideway.samples.wordcount.Word;
import dev.tideway.samples.wordcount.Word_;
import java.nio.file.Path;

/** A pipeline class with a persistent source, meant to be created through the generated OrdersPipeline_Persistent. */
public class OrdersPipeline {
    private final Path input;

    public OrdersPipeline(Path input) {
        this.input = input;
    }

    @PersistentSource(id = "orders")
    protected Table<Word> orders() {
        return Csv.read(input, Word_.SCHEMA, CsvReadOptions.defaults().withStreaming(false));
    }

    public void build(Path output) {
        JsonLines.write(orders(), output);
    }
}
