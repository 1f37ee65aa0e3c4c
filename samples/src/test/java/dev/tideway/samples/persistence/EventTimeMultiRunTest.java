package dev.tideway.samples.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import dev.tideway.spi.ChangeBatch;

import dev.tideway.Behavior;
import dev.tideway.Reducers;
import dev.tideway.RunConfig;
import dev.tideway.Table;
import dev.tideway.Tideway;
import dev.tideway.Window;
import dev.tideway.WindowedTable;
import dev.tideway.internal.engine.Graph;
import dev.tideway.spi.Connectors;
import dev.tideway.io.csv.Csv;
import dev.tideway.io.csv.CsvReadOptions;
import dev.tideway.persistence.Backend;
import dev.tideway.persistence.PersistenceConfig;
import dev.tideway.samples.persistence.TimeRows.Reading;
import dev.tideway.samples.persistence.TimeRows.Tick;
import dev.tideway.samples.persistence.TimeRows.Total;
import dev.tideway.samples.persistence.TimeRows.Upsert;
import dev.tideway.schema.RowSchema;
import dev.tideway.testing.PipelineTester;
import dev.tideway.testing.TestInput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pathway's multi-run tests of its temporal operators ({@code test_persistence.py}: test_forget,
 * test_buffer, test_stream_to_table), on the same vectors: a static program run again and again on
 * one state, with one new input file per run, must output exactly the changes Pathway's does at each
 * run. The watermark and the rows held are part of the persisted state, so a late row after a
 * restart is treated as it would have been without the restart.
 */
class EventTimeMultiRunTest {
    @TempDir
    Path work;

    private int runs;

    /** The runs' pipelines are built in the thread's current graph: leave none behind for the next test's run. */
    @AfterEach
    void detachGraph() {
        Graph.detachCurrent();
    }

    @Test
    void forgetAsPathwaysTestForget() throws Exception {
        Function<Table<Tick>, Table<Tick>> logic = t -> t.forget(TimeRows_Tick_.t, 10);
        assertThat(ticks(List.of("1", "3", "11"), logic)).containsExactlyInAnyOrder("1,1", "3,1", "11,1");
        assertThat(ticks(List.of("15", "16"), logic)).containsExactlyInAnyOrder("1,-1", "15,1", "16,1");
        assertThat(ticks(List.of("6", "21"), logic)).containsExactlyInAnyOrder("3,-1", "21,1");
        assertThat(ticks(List.of("9", "10"), logic)).containsExactlyInAnyOrder("11,-1");
        assertThat(ticks(List.of("26"), logic)).containsExactlyInAnyOrder("26,1");
        assertThat(ticks(List.of("22"), logic)).containsExactlyInAnyOrder("15,-1", "16,-1", "22,1");
    }

    @Test
    void bufferAsPathwaysTestBuffer() throws Exception {
        Function<Table<Tick>, Table<Tick>> logic = t -> t.buffer(TimeRows_Tick_.t, 10);
        assertThat(ticks(List.of("1", "3", "11"), logic)).containsExactlyInAnyOrder("1,1");
        assertThat(ticks(List.of("15", "16"), logic)).containsExactlyInAnyOrder("3,1");
        assertThat(ticks(List.of("6", "21"), logic)).containsExactlyInAnyOrder("6,1", "11,1");
        assertThat(ticks(List.of("9", "10"), logic)).containsExactlyInAnyOrder("9,1", "10,1");
        assertThat(ticks(List.of("26"), logic)).containsExactlyInAnyOrder("15,1", "16,1");
    }

    @Test
    void streamToTableAsPathwaysTestStreamToTable() throws Exception {
        Function<Table<Upsert>, Table<TimeRows.Pair>> logic = t -> t.withIdFrom(TimeRows_Upsert_.a).streamToTable(TimeRows_Upsert_.c)
                .select(TimeRows_Pair_.of(TimeRows_Upsert_.a, TimeRows_Upsert_.b));
        assertThat(upserts(List.of("1,1,True", "2,3,True"), logic)).containsExactlyInAnyOrder("1,1,1", "2,3,1");
        assertThat(upserts(List.of("2,4,True", "3,5,True"), logic)).containsExactlyInAnyOrder("2,3,-1", "2,4,1", "3,5,1");
        assertThat(upserts(List.of("1,3,False"), logic)).containsExactlyInAnyOrder("1,1,-1");
        assertThat(upserts(List.of("4,7,True"), logic)).containsExactlyInAnyOrder("4,7,1");
        assertThat(upserts(List.of("3,6,True", "4,7,False"), logic)).containsExactlyInAnyOrder("3,5,-1", "3,6,1", "4,7,-1");
        assertThat(upserts(List.of("3,6,False"), logic)).containsExactlyInAnyOrder("3,6,-1");
    }

    private List<String> ticks(List<String> values, Function<Table<Tick>, Table<Tick>> logic) throws Exception {
        List<String> lines = new ArrayList<>(List.of("t"));
        lines.addAll(values);
        return changes(lines, TimeRows_Tick_.SCHEMA, logic, tick -> String.valueOf(tick.t()));
    }

    private List<String> upserts(List<String> values, Function<Table<Upsert>, Table<TimeRows.Pair>> logic) throws Exception {
        List<String> lines = new ArrayList<>(List.of("a,b,c"));
        lines.addAll(values);
        return changes(lines, TimeRows_Upsert_.SCHEMA, logic, pair -> pair.a() + "," + pair.b());
    }

    /** Writes the run's file, runs the pipeline persisted, and returns its changes as "row,diff" (Pathway's CSV output). */
    private <T, O> List<String> changes(List<String> lines, RowSchema<T> schema, Function<Table<T>, Table<O>> pipeline,
                                        Function<O, String> row) throws IOException, Exception {
        Path input = work.resolve("input");
        Files.createDirectories(input);
        Files.write(input.resolve(String.valueOf(++runs)), lines);
        Table<T> in = Csv.read(input, schema, CsvReadOptions.defaults().withStreaming(false).withPersistentId("in"));
        Recorded<O> out = new Recorded<>(row);
        Connectors.sink(pipeline.apply(in), out);
        Tideway.run(RunConfig.defaults().withHandleSignals(false).withPersistence(PersistenceConfig.of(Backend.filesystem(work.resolve("p")))));
        return out.changes;
    }

    /** A sink keeping the changes of one run as Pathway's CSV output writes them: the row, then the diff. */
    private static final class Recorded<O> implements dev.tideway.spi.OutputConnector<O> {
        private final Function<O, String> row;
        final List<String> changes = new ArrayList<>();

        Recorded(Function<O, String> row) {
            this.row = row;
        }

        @Override
        public String name() {
            return "recorded";
        }

        @Override
        public void open(long committedPosition) {}

        @Override
        public void write(long time, ChangeBatch<O> batch, RowSchema<O> schema) {
            for (int i = 0; i < batch.size(); i++) {
                changes.add(row.apply(batch.row(i)) + "," + batch.diff(i));
            }
        }

        @Override
        public long commit() {
            return -1;
        }

        @Override
        public void close() {}
    }

    // ---- a late row after a restart, as without the restart ----

    private static final List<List<String>> BATCHES = List.of(
            List.of("a,1,1", "a,5,2", "b,12,3"),
            List.of("a,3,4", "b,20,5"),             // a,3: window [0,10) ends at 10, 10 + 3 > 12: on time
            List.of("a,2,6", "b,24,7"),             // a,2: 10 + 3 <= 20: late; [0,10) forgotten now
            List.of("b,15,8", "a,31,9"),            // b,15: [10,20) ends 20, 23 <= 24: late
            List.of("a,27,10", "b,40,11"),          // a,27: [20,30) ends 30, 33 > 31: on time
            List.of("a,33,12", "b,36,13", "a,29,14"));

    private static Table<Total> totals(Table<Reading> readings) {
        WindowedTable<Reading, Long> windows = readings.windowBy(Window.tumbling(10), TimeRows_Reading_.t, TimeRows_Reading_.sensor)
                .withBehavior(Behavior.delay(2L).withCutoff(3L).keepResults(false));
        return windows.reduce(TimeRows_Total_.of(TimeRows_Reading_.sensor, windows.start(), Reducers.count(),
                Reducers.sum(TimeRows_Reading_.value)));
    }

    /**
     * The same batches, once as persisted runs restarted between every two batches (each run reads
     * one new file), once in a single run without persistence: every batch makes the same changes,
     * the late rows after a restart are ignored as they are without one, and the windows forgotten
     * after a restart are retracted as they are without one.
     */
    @Test
    void lateRowsAndForgettingAfterARestartAreAsWithoutTheRestart() throws Exception {
        List<List<String>> restarted = new ArrayList<>();
        for (List<String> batch : BATCHES) {
            List<String> lines = new ArrayList<>(List.of("sensor,t,value"));
            lines.addAll(batch);
            restarted.add(sorted(changes(lines, TimeRows_Reading_.SCHEMA, EventTimeMultiRunTest::totals, EventTimeMultiRunTest::total)));
        }

        PipelineTester tester = new PipelineTester();
        TestInput<Reading> input = tester.input(TimeRows_Reading_.SCHEMA);
        dev.tideway.testing.Captured<Total> out = tester.capture(totals(input.table()));
        List<List<String>> continuous = new ArrayList<>();
        for (List<String> batch : BATCHES) {
            for (String line : batch) {
                String[] cells = line.split(",");
                input.insert(new Reading(cells[0], Long.parseLong(cells[1]), Long.parseLong(cells[2])));
            }
            long time = tester.step();
            continuous.add(sorted(out.changesAt(time).stream().map(c -> total(c.row()) + "," + c.diff()).toList()));
        }
        assertThat(restarted).isEqualTo(continuous);
        // the rules did something at the restarts: a late row ignored, a window retracted when forgotten
        // batch 3: a,2 is late (with it, [0,10) of a would count 4 rows summing 13), and [0,10) of a (1, 5 and 3, values
        // 1 + 2 + 4) is forgotten and, without keepResults, retracted
        assertThat(restarted.get(2)).containsExactly("a,0,3,7,-1", "b,20,2,12,1");
        assertThat(restarted.get(4)).as("a,27 is on time").contains("a,20,1,10,1");
    }

    private static String total(Total total) {
        return total.sensor() + "," + total.start() + "," + total.count() + "," + total.sum();
    }

    private static List<String> sorted(List<String> changes) {
        return changes.stream().sorted().toList();
    }
}
