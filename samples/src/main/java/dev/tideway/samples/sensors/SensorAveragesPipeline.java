package dev.tideway.samples.sensors;

import dev.tideway.Behavior;
import dev.tideway.Reducers;
import dev.tideway.Table;
import dev.tideway.Window;
import dev.tideway.WindowedTable;
import dev.tideway.annotations.PersistentSource;
import dev.tideway.io.csv.Csv;
import dev.tideway.io.csv.CsvReadOptions;
import dev.tideway.io.file.FileReadOptions;
import dev.tideway.io.jsonlines.JsonLines;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Sensor readings averaged per sensor in 5-minute tumbling windows of event time. A window's
 * average comes out once the watermark (the latest reading's time) is 1 minute past the window's
 * start, and is updated as its readings arrive; readings more than 10 minutes late for their window
 * are ignored, and windows that old leave the state (their averages stay in the output). The input
 * is append-only (files are added, never changed), so the source keeps no rows either: the state,
 * and its snapshots, stay the same size however long the stream runs.
 *
 * <p>Instantiate the generated {@code SensorAveragesPipeline_Persistent} so that the source is
 * bound to its persistent id, {@code readings}.
 */
public class SensorAveragesPipeline {
    /** The length of a window. */
    public static final Duration WINDOW = Duration.ofMinutes(5);
    /** How long after a window's start its first average comes out. */
    public static final Duration DELAY = Duration.ofMinutes(1);
    /** How late a reading may be for its window (counted from the window's end). */
    public static final Duration CUTOFF = Duration.ofMinutes(10);

    private final Path input;
    private final boolean jsonLines;
    private final boolean streaming;
    private final Duration pollInterval;

    public SensorAveragesPipeline(Path input, boolean jsonLines, boolean streaming, Duration pollInterval) {
        this.input = input;
        this.jsonLines = jsonLines;
        this.streaming = streaming;
        this.pollInterval = pollInterval;
    }

    /** The readings of every file in the input directory, CSV or JSON Lines; polled in streaming mode. */
    @PersistentSource(id = "readings")
    protected Table<SensorReading> readings() {
        FileReadOptions options = FileReadOptions.defaults().withStreaming(streaming).withPollInterval(pollInterval);
        Table<SensorReading> readings = jsonLines
                ? JsonLines.read(input, SensorReading_.SCHEMA, options)
                : Csv.read(input, SensorReading_.SCHEMA, CsvReadOptions.of(options));
        return readings.appendOnly();
    }

    /** The averages per sensor and window. */
    public Table<SensorAverage> averages() {
        WindowedTable<SensorReading, Instant> windows = readings()
                .windowBy(Window.tumbling(WINDOW), SensorReading_.time, SensorReading_.sensor)
                .withBehavior(Behavior.delay(DELAY).withCutoff(CUTOFF));
        return windows.reduce(SensorAverage_.of(SensorReading_.sensor, windows.start(), windows.end(),
                Reducers.avg(SensorReading_.value), Reducers.count()));
    }

    /** Builds the pipeline: the averages written to {@code output}, one change a line. */
    public void build(Path output) {
        JsonLines.write(averages(), output);
    }
}
