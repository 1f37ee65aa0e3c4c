package dev.tideway.samples.wordcount;

import dev.tideway.Reducers;
import dev.tideway.Table;
import dev.tideway.annotations.PersistentSource;
import dev.tideway.io.csv.Csv;
import dev.tideway.io.csv.CsvReadOptions;
import dev.tideway.io.jsonlines.JsonLines;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The persistent word count: a directory of CSV files that keeps growing, counted by word, written
 * as JSON Lines changes. Instantiate the generated {@code WordCountPipeline_Persistent} so that the
 * source is bound to its persistent id, {@code words}.
 */
public class WordCountPipeline {
    private final Path input;
    private final boolean streaming;
    private final Duration pollInterval;

    public WordCountPipeline(Path input, boolean streaming, Duration pollInterval) {
        this.input = input;
        this.streaming = streaming;
        this.pollInterval = pollInterval;
    }

    /** The words of every CSV file in the input directory; polled in streaming mode. */
    @PersistentSource(id = "words")
    protected Table<Word> words() {
        return Csv.read(input, Word_.SCHEMA, CsvReadOptions.defaults().withStreaming(streaming).withPollInterval(pollInterval));
    }

    /** Builds the pipeline: counts by word, written to {@code output} one change a line. */
    public void build(Path output) {
        Table<WordCount> counts = words()
                .groupBy(Word_.word)
                .reduce(WordCount_.of(Word_.word, Reducers.count()));
        JsonLines.write(counts, output);
    }
}
