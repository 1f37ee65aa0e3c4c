package dev.tideway.flink;

import dev.tideway.Pipeline;
import dev.tideway.Reducers;
import dev.tideway.Table;
import dev.tideway.io.csv.Csv;
import dev.tideway.io.csv.CsvReadOptions;
import dev.tideway.io.jsonlines.JsonLines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** The word count the recovery tests run, and its expected result computed by the embedded engine. */
final class WordCounts {
    /** Failures still to inject: the pipeline's map throws on the word "boom" while this is above 0. */
    static final AtomicInteger FAILURES_TO_INJECT = new AtomicInteger();

    private WordCounts() {}

    /**
     * The word count of a directory of CSV files ("word" header), polled every 50 ms when streaming;
     * with {@code injecting}, it fails on "boom" while {@link #FAILURES_TO_INJECT} says so.
     */
    static void build(String input, String output, boolean streaming, boolean injecting) {
        Table<Word> words = Csv.read(Path.of(input), Word_.SCHEMA, CsvReadOptions.defaults().withStreaming(streaming)
                .withPollInterval(Duration.ofMillis(50)));
        Table<Word> checked = words.map(Word_.SCHEMA, word -> {
            if (injecting && word.word().equals("boom") && FAILURES_TO_INJECT.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new IllegalStateException("injected failure on the word boom");
            }
            return word;
        });
        JsonLines.write(checked.groupBy(Word_.word).reduce(WordCount_.of(Word_.word, Reducers.count())), Path.of(output));
    }

    /** What the embedded engine computes from the input as it is now: the consolidated result. */
    static Map<String, Integer> expected(Path input) throws Exception {
        Path output = Files.createTempFile("expected", ".jsonl");
        try {
            try (Pipeline pipeline = Pipeline.create()) {
                build(input.toString(), output.toString(), false, false);
                pipeline.run();
            }
            return ConsolidatedOutput.of(output);
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
