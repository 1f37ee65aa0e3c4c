package org.example;

import dev.tideway.Reducers;
import dev.tideway.Table;
import dev.tideway.annotations.PersistentSource;
import dev.tideway.io.csv.Csv;
import dev.tideway.io.csv.CsvReadOptions;
import dev.tideway.io.jsonlines.JsonLines;
import java.nio.file.Path;

public class WordCountPipeline {
    private final Path inputs;

    public WordCountPipeline(Path inputs) {
        this.inputs = inputs;
    }

    @PersistentSource(id = "words")
    protected Table<Word> words() {
        return Csv.read(inputs, Word_.SCHEMA, CsvReadOptions.defaults().withStreaming(false));
    }

    public void build(Path output) {
        Table<WordCount> counts = words()
                .groupBy(Word_.word)
                .reduce(WordCount_.of(Word_.word, Reducers.count()));
        JsonLines.write(counts, output);
    }
}
