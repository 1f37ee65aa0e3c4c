package dev.tideway.samples.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tideway.RunConfig;
import dev.tideway.Tideway;
import dev.tideway.persistence.Backend;
import dev.tideway.persistence.PersistenceConfig;
import dev.tideway.samples.sensors.SensorAveragesPipeline_Persistent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sensor sample (5-minute windows per sensor, out 1 minute after their start, readings more
 * than 10 minutes late ignored), run in process: its output adds up to the averages recomputed from
 * the input, in CSV and in JSON Lines, across persisted runs, and a late reading changes nothing.
 */
class SensorAveragesTest {
    @TempDir
    Path work;

    private void run(Path input, boolean jsonLines, Path output, Path state) throws Exception {
        new SensorAveragesPipeline_Persistent(input, jsonLines, false, Duration.ofMillis(50)).build(output);
        RunConfig config = RunConfig.defaults().withHandleSignals(false);
        Tideway.run(state == null ? config : config.withPersistence(PersistenceConfig.of(Backend.filesystem(state))));
    }

    @Test
    void aStaticRunOutputsTheAverageOfEveryWindowTheWatermarkReleased() throws Exception {
        SensorFiles input = new SensorFiles(work.resolve("in"), 3);
        for (int i = 0; i < 40; i++) {
            input.writeFile();
        }
        // the latest reading: its window [10:15, 10:20) is too young (less than a minute) to come out
        input.write("last.csv", "sensor,time,value\ns0,2026-03-01T10:15:30Z,1.5\n");
        Path output = work.resolve("averages.jsonl");
        run(input.dir(), false, output, null);
        Map<String, String> expected = SensorFiles.expected(input.dir());
        SensorOutput.Report report = SensorOutput.verify(output, expected);
        assertThat(report.violations()).as("%s", report).isZero();
        // readings from 9:58:30 to 10:13:00, then 10:15:30: windows 9:55, 10:00, 10:05 and 10:10 of five sensors
        assertThat(expected).hasSize(20).doesNotContainKey("s0 2026-03-01T10:15:00Z");
        assertThat(Files.readAllLines(output).get(0)).matches(
                "\\{\"sensor\":\"s\\d\",\"windowStart\":\"2026-03-01T\\d\\d:\\d\\d:00Z\",\"windowEnd\":\"2026-03-01T\\d\\d:\\d\\d:00Z\","
                        + "\"average\":[0-9.]+,\"readings\":\\d+,\"time\":\\d+,\"diff\":1}");
    }

    @Test
    void jsonLinesInputGivesTheSameAverages() throws Exception {
        SensorFiles csv = new SensorFiles(work.resolve("csv"), 5);
        for (int i = 0; i < 30; i++) {
            csv.writeFile();
        }
        Path jsonl = Files.createDirectories(work.resolve("jsonl"));
        try (var files = Files.list(csv.dir())) {
            for (Path file : files.toList()) {
                List<String> lines = Files.readAllLines(file);
                StringBuilder text = new StringBuilder();
                for (String line : lines.subList(1, lines.size())) {
                    String[] cells = line.split(",");
                    text.append("{\"sensor\":\"").append(cells[0]).append("\",\"time\":\"").append(cells[1]).append("\",\"value\":")
                            .append(cells[2]).append("}\n");
                }
                Files.writeString(jsonl.resolve(file.getFileName().toString().replace(".csv", ".jsonl")), text);
            }
        }
        Path output = work.resolve("averages.jsonl");
        run(jsonl, true, output, null);
        SensorOutput.Report report = SensorOutput.verify(output, SensorFiles.expected(csv.dir()));
        assertThat(report.violations()).as("%s", report).isZero();
    }

    @Test
    void persistedRunsContinueTheWindowsAndIgnoreAReadingPastTheCutoff() throws Exception {
        SensorFiles input = new SensorFiles(work.resolve("in"), 9);
        Path output = work.resolve("averages.jsonl");
        Path state = work.resolve("state");
        for (int run = 0; run < 4; run++) {
            for (int i = 0; i < 12; i++) {
                input.writeFile();
            }
            run(input.dir(), false, output, state);
            SensorOutput.Report report = SensorOutput.verify(output, SensorFiles.expected(input.dir()));
            assertThat(report.violations()).as("run %d: %s", run, report).isZero();
        }
        // 20 minutes behind the latest reading: its window ended 15 minutes ago, more than the cutoff
        Map<String, String> before = SensorOutput.live(output);
        long length = Files.size(output);
        input.write("late.csv", "sensor,time,value\ns1," + SensorFiles.START.plusSeconds(20L * 48 - 20 * 60) + ",99\n");
        run(input.dir(), false, output, state);
        assertThat(SensorOutput.live(output)).isEqualTo(before);
        assertThat(Files.size(output)).as("nothing written for a late reading").isEqualTo(length);
    }
}
