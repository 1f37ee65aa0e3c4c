package dev.tideway.samples.wordcount;

import dev.tideway.Reducers;
import dev.tideway.Table;
import dev.tideway.annotations.PersistentSource;
import dev.tideway.io.csv.Csv;
import dev.tideway.io.csv.CsvReadOptions;
import dev.tideway.io.jsonlines.JsonLines;
import dev.tideway.io.kafka.KafkaFormat;
import dev.tideway.io.kafka.KafkaReadOptions;
import dev.tideway.io.kafka.KafkaSink;
import dev.tideway.io.kafka.KafkaSource;
import dev.tideway.io.kafka.KafkaWriteOptions;
import dev.tideway.samples.cli.KafkaTopicAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The persistent word count: a directory of CSV files that keeps growing (or a Kafka topic, one
 * word a record), counted by word, written as JSON Lines changes (or to a Kafka topic, exactly
 * once). Instantiate the generated {@code WordCountPipeline_Persistent} so that the source is bound
 * to its persistent id, {@code words}.
 */
public class WordCountPipeline {
    private final String input;
    private final boolean streaming;
    private final Duration pollInterval;

    /** {@code input}: a directory or file of CSV, or {@code kafka://HOST:PORT/TOPIC}. */
    public WordCountPipeline(String input, boolean streaming, Duration pollInterval) {
        this.input = input;
        this.streaming = streaming;
        this.pollInterval = pollInterval;
    }

    /** The words of every CSV file in the input directory, or of every record of the input topic; polled in streaming mode. */
    @PersistentSource(id = "words")
    protected Table<Word> words() {
        Optional<KafkaTopicAddress> topic = KafkaTopicAddress.parse(input);
        if (topic.isPresent()) {
            return KafkaSource.read(topic.get().topic(), Word_.SCHEMA, KafkaReadOptions.of(topic.get().bootstrapServers())
                    .withFormat(KafkaFormat.CSV).withStreaming(streaming).withPollInterval(pollInterval));
        }
        return Csv.read(Path.of(input), Word_.SCHEMA, CsvReadOptions.defaults().withStreaming(streaming).withPollInterval(pollInterval));
    }

    /** Builds the pipeline: counts by word, written to {@code output} (a file or {@code kafka://HOST:PORT/TOPIC}) one change a record. */
    public void build(String output) {
        Table<WordCount> counts = words()
                .groupBy(Word_.word)
                .reduce(WordCount_.of(Word_.word, Reducers.count()));
        Optional<KafkaTopicAddress> topic = KafkaTopicAddress.parse(output);
        if (topic.isPresent()) {
            KafkaSink.write(counts, topic.get().topic(), KafkaWriteOptions.of(topic.get().bootstrapServers()).withKeyColumns("word"));
        } else {
            JsonLines.write(counts, Path.of(output));
        }
    }
}
