package dev.tideway.samples.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tideway.Behavior;
import dev.tideway.Reducers;
import dev.tideway.RunConfig;
import dev.tideway.RunHandle;
import dev.tideway.Table;
import dev.tideway.Tideway;
import dev.tideway.Window;
import dev.tideway.WindowedTable;
import dev.tideway.spi.Connectors;
import dev.tideway.io.push.PushSource;
import dev.tideway.persistence.Backend;
import dev.tideway.persistence.PersistenceConfig;
import dev.tideway.samples.persistence.TimeRows.Reading;
import dev.tideway.samples.persistence.TimeRows.Total;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The persisted state of a stream that moves on: with an append-only source and windows with a
 * cutoff, the state folder (snapshots, log, rows) is as large after 40 batches as after 10, across
 * restarts; the same stream from a source that keeps its rows, in windows that never forget, grows
 * with it.
 */
class StateThatForgetsTest {
    private static final int ROWS_PER_BATCH = 200;

    @TempDir
    Path work;

    private long nextTime;

    @Test
    void theStateFolderStaysFlatWithCutoffsAndAnAppendOnlySource() throws Exception {
        Path state = work.resolve("forgetting");
        run(state, true, 10);
        long early = size(state);
        run(state, true, 30);
        long late = size(state);
        assertThat((double) late).as("state folder: %d bytes after 10 batches, %d after 40", early, late).isLessThanOrEqualTo(early * 1.2);
    }

    @Test
    void withoutThemTheStateFolderGrowsWithTheStream() throws Exception {
        Path state = work.resolve("keeping");
        run(state, false, 10);
        long early = size(state);
        run(state, false, 30);
        long late = size(state);
        assertThat((double) late).as("state folder: %d bytes after 10 batches, %d after 40", early, late).isGreaterThan(early * 2.5);
    }

    /** A persisted streaming run that takes {@code batches} batches, each one committed, then stops gracefully. */
    private void run(Path state, boolean forgetting, int batches) throws Exception {
        PushSource<Reading> readings = PushSource.create(TimeRows_Reading_.SCHEMA, "readings");
        Table<Reading> input = forgetting ? readings.table().appendOnly() : readings.table();
        WindowedTable<Reading, Long> windows = input.windowBy(Window.sliding(20, 60), TimeRows_Reading_.t, TimeRows_Reading_.sensor)
                .withBehavior(forgetting ? Behavior.cutoff(60L) : Behavior.NONE);
        StateFiles.Timed<Total> sink = new StateFiles.Timed<>("totals");
        Connectors.sink(windows.reduce(TimeRows_Total_.of(TimeRows_Reading_.sensor, windows.start(), Reducers.count(),
                Reducers.sum(TimeRows_Reading_.value))), sink);
        RunHandle handle = Tideway.start(RunConfig.defaults().withHandleSignals(false)
                .withPersistence(PersistenceConfig.of(Backend.filesystem(state)).withSnapshotIntervalMs(0)));
        for (int batch = 1; batch <= batches; batch++) {
            for (int i = 0; i < ROWS_PER_BATCH; i++) {
                readings.insert(new Reading("s" + (i % 10), nextTime++, i % 7));
            }
            int expected = batch;
            Await.require(Duration.ofSeconds(20), "batch " + batch + " at the sink", () -> sink.byTime().size() >= expected);
        }
        handle.stop();
        handle.await();
    }

    private static long size(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> {
                try {
                    return Files.size(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
