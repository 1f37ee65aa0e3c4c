package dev.tideway.samples.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tideway.Exprs;
import dev.tideway.Reducers;
import dev.tideway.RunConfig;
import dev.tideway.RunHandle;
import dev.tideway.Table;
import dev.tideway.Tideway;
import dev.tideway.spi.Connectors;
import dev.tideway.io.push.PushSource;
import dev.tideway.persistence.Backend;
import dev.tideway.persistence.PersistenceConfig;
import dev.tideway.samples.persistence.Rows.Word;
import dev.tideway.samples.persistence.Rows.WordCount;
import dev.tideway.schema.ValueTypes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A streaming word count over a push source persisted as "events", whose run fails on a poison row:
 * the batches before it are committed to the log, and no final snapshot is written, so the state
 * ends with a log tail.
 */
final class StreamingCrash {
    static final String POISON = "poison";

    private StreamingCrash() {}

    /** The pipeline over {@code events}: a UDF that throws on the poison row, a count per word, to {@code sink}. */
    static void build(PushSource<Word> events, StateFiles.Timed<WordCount> sink) {
        Table<Word> checked = events.table().select(Rows_Word_.of(Exprs.apply(ValueTypes.STRING, Rows_Word_.word, w -> {
            if (w.equals(POISON)) {
                throw new IllegalStateException("poison row");
            }
            return w;
        })));
        Connectors.sink(checked.groupBy(Rows_Word_.word).reduce(Rows_WordCount_.of(Rows_Word_.word, Reducers.count())), sink);
    }

    /**
     * Runs the pipeline on {@code state}, pushing each batch once the one before reached the sink
     * (so each is its own committed batch), then the poison row; returns what the sink got by time.
     */
    static Map<Long, List<String>> run(Path state, List<List<String>> batches) throws Exception {
        return run(state, batches, () -> {});
    }

    /** As {@link #run(Path, List)}, with more of the pipeline built first by {@code before}. */
    static Map<Long, List<String>> run(Path state, List<List<String>> batches, Runnable before) throws Exception {
        before.run();
        PushSource<Word> events = PushSource.create(Rows_Word_.SCHEMA, "events");
        StateFiles.Timed<WordCount> sink = new StateFiles.Timed<>("counts");
        build(events, sink);
        RunHandle handle = Tideway.start(RunConfig.defaults().withHandleSignals(false)
                .withPersistence(PersistenceConfig.of(Backend.filesystem(state)).withSnapshotIntervalMs(600_000)));
        int batch = 0;
        for (List<String> words : batches) {
            words.forEach(w -> events.insert(new Word(w)));
            int expected = ++batch;
            Await.require(Duration.ofSeconds(20), "batch " + expected + " at the sink", () -> sink.byTime().size() >= expected);
        }
        Map<Long, List<String>> delivered = sink.byTime();
        events.insert(new Word(POISON));
        assertThatThrownBy(handle::await).hasStackTraceContaining("poison row");
        assertThat(delivered).hasSize(batches.size());
        return delivered;
    }
}
