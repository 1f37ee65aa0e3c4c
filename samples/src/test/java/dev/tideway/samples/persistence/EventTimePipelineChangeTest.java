package dev.tideway.samples.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tideway.Behavior;
import dev.tideway.Reducers;
import dev.tideway.RunConfig;
import dev.tideway.Table;
import dev.tideway.Tideway;
import dev.tideway.Window;
import dev.tideway.WindowedTable;
import dev.tideway.spi.Connectors;
import dev.tideway.io.csv.Csv;
import dev.tideway.io.csv.CsvReadOptions;
import dev.tideway.persistence.Backend;
import dev.tideway.persistence.PersistenceConfig;
import dev.tideway.samples.persistence.TimeRows.Reading;
import dev.tideway.samples.persistence.TimeRows.Total;
import dev.tideway.testing.Captured;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pipeline with a declared watermark that changes between runs: the watermark's state is restored,
 * and the rows the source re-emits to rebuild a new window operator flow through it (a watermark
 * forwards its input), so the new operator's result is the one a fresh run computes.
 */
class EventTimePipelineChangeTest {
    @TempDir
    Path work;

    private Table<Reading> readings() {
        return Csv.read(work.resolve("in"), TimeRows_Reading_.SCHEMA, CsvReadOptions.defaults().withStreaming(false).withPersistentId("in"))
                .withWatermark(TimeRows_Reading_.t, 2);
    }

    private static Table<Total> totals(Table<Reading> readings, long length) {
        WindowedTable<Reading, Long> windows = readings.windowBy(Window.tumbling(length), TimeRows_Reading_.t, TimeRows_Reading_.sensor)
                .withBehavior(Behavior.delay(1L));
        return windows.reduce(TimeRows_Total_.of(TimeRows_Reading_.sensor, windows.start(), Reducers.count(),
                Reducers.sum(TimeRows_Reading_.value)));
    }

    private void run(Path state) throws Exception {
        RunConfig config = RunConfig.defaults().withHandleSignals(false);
        Tideway.run(state == null ? config : config.withPersistence(PersistenceConfig.of(Backend.filesystem(state))));
    }

    @Test
    void anOperatorAddedAfterAWatermarkIsRebuiltThroughIt() throws Exception {
        StateFiles.write(work.resolve("in/1.csv"), "sensor,t,value\na,1,1\na,4,2\nb,7,3\n");
        Captured<Total> first = new Captured<>();
        Connectors.sink(totals(readings(), 5), first);
        run(work.resolve("state"));
        assertThat(first.rows()).isNotEmpty();

        StateFiles.write(work.resolve("in/2.csv"), "sensor,t,value\na,12,4\nb,13,5\n");
        Table<Reading> readings = readings();
        Captured<Total> kept = new Captured<>();
        Captured<Total> added = new Captured<>();
        Connectors.sink(totals(readings, 5), kept);
        Connectors.sink(totals(readings, 10), added);
        run(work.resolve("state"));

        Table<Reading> fresh = readings();
        Captured<Total> keptFromScratch = new Captured<>();
        Captured<Total> addedFromScratch = new Captured<>();
        Connectors.sink(totals(fresh, 5), keptFromScratch);
        Connectors.sink(totals(fresh, 10), addedFromScratch);
        run(null);
        assertThat(added.rows()).as("the new windows, rebuilt from the input through the restored watermark")
                .containsExactlyInAnyOrderElementsOf(addedFromScratch.rows());
        assertThat(kept.rows()).containsExactlyInAnyOrderElementsOf(keptFromScratch.rows());
        assertThat(addedFromScratch.rows()).extracting(Total::start).containsAll(List.of(0L, 10L));
    }
}
