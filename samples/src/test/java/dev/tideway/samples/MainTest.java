package dev.tideway.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tideway.samples.inspect.InspectCommand;
import dev.tideway.samples.sensors.SensorsCommand;
import dev.tideway.samples.wordcount.WordCountCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--help", "-h", "help"})
    void wordcountAnswersHelpWithItsUsageOnStdoutAndExit0(String help) {
        assertThat(run("wordcount", help)).isZero();
        assertThat(out()).isEqualToIgnoringNewLines(WordCountCommand.USAGE);
        assertThat(err()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"--help", "-h", "help"})
    void inspectAnswersHelpWithItsUsageOnStdoutAndExit0(String help) {
        assertThat(run("inspect", help)).isZero();
        assertThat(out()).isEqualToIgnoringNewLines(InspectCommand.USAGE);
        assertThat(err()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"--help", "-h", "help"})
    void sensorsAnswersHelpWithItsUsageOnStdoutAndExit0(String help) {
        assertThat(run("sensors", help)).isZero();
        assertThat(out()).isEqualToIgnoringNewLines(SensorsCommand.USAGE);
        assertThat(err()).isEmpty();
    }

    @Test
    void helpAfterOtherOptionsStillPrintsTheUsageAndRunsNothing(@TempDir Path dir) {
        Path output = dir.resolve("counts.jsonl");
        assertThat(run("wordcount", "--input", dir.toString(), "--output", output.toString(), "--help")).isZero();
        assertThat(out()).contains("usage: wordcount");
        assertThat(output).doesNotExist();
    }

    @Test
    void wordcountOnTwoWorkersCountsWhatOneWorkerCounts(@TempDir Path dir) throws Exception {
        Path input = Files.createDirectory(dir.resolve("in"));
        for (int f = 0; f < 8; f++) {
            Files.writeString(input.resolve("f" + f + ".csv"), "word\nhello\nw" + f + "\nworld\n");
        }
        for (String workers : new String[] {"1", "2"}) {
            assertThat(run("wordcount", "--input", input.toString(), "--output", dir.resolve(workers + ".jsonl").toString(), "--mode", "static",
                    "--workers", workers, "--quiet")).isZero();
        }
        List<String> one = withoutTimes(dir.resolve("1.jsonl"));
        assertThat(one).hasSize(10).anyMatch(line -> line.contains("\"word\":\"hello\",\"count\":8"));
        assertThat(withoutTimes(dir.resolve("2.jsonl"))).isEqualTo(one);
    }

    private static List<String> withoutTimes(Path file) throws Exception {
        return Files.readAllLines(file).stream().map(line -> line.replaceAll("\"time\":\\d+,", "")).sorted().toList();
    }

    @Test
    void wordcountRefusesWorkersBelowOne(@TempDir Path dir) {
        Path output = dir.resolve("counts.jsonl");
        assertThat(run("wordcount", "--input", dir.toString(), "--output", output.toString(), "--workers", "0")).isNotZero();
        assertThat(err()).contains("--workers must be 1 to 1024");
        assertThat(output).doesNotExist();
    }

    @Test
    void aStateWrittenOnTwoWorkersContinuesOnOneAndOnThree(@TempDir Path dir) throws Exception {
        Path input = Files.createDirectory(dir.resolve("in"));
        Path output = dir.resolve("counts.jsonl");
        String state = dir.resolve("state").toString();
        int file = 0;
        for (String workers : new String[] {"2", "1", "3"}) {
            for (int f = 0; f < 4; f++, file++) {
                Files.writeString(input.resolve("f" + file + ".csv"), "word\nhello\nw" + file + "\nworld\n");
            }
            String before = Files.exists(output) ? Files.readString(output) : "";
            assertThat(run("wordcount", "--input", input.toString(), "--output", output.toString(), "--mode", "static",
                    "--state", state, "--workers", workers, "--quiet")).as("run on %s workers: %s", workers, err()).isZero();
            // continued: what the runs before wrote stays, and only the new words and the new counts follow
            assertThat(Files.readString(output)).startsWith(before);
        }
        Map<String, Long> live = new TreeMap<>();
        for (String line : Files.readAllLines(output)) {
            String word = line.replaceAll(".*\"word\":\"([^\"]*)\".*", "$1");
            long count = Long.parseLong(line.replaceAll(".*\"count\":(\\d+).*", "$1"));
            live.merge(word, line.contains("\"diff\":-1") ? -count : count, Long::sum);
        }
        live.values().removeIf(count -> count == 0);
        assertThat(live).containsEntry("hello", 12L).containsEntry("world", 12L).containsEntry("w0", 1L).containsEntry("w11", 1L)
                .hasSize(14);
    }

    @Test
    void aFolderNamedHelpIsAValueNotARequestForHelp(@TempDir Path dir) throws Exception {
        Path help = Files.createDirectory(dir.resolve("help"));
        Files.writeString(help.resolve("a.csv"), "word\nhello\n");
        Path output = dir.resolve("counts.jsonl");
        assertThat(run("wordcount", "--input", help.toString(), "--output", output.toString(), "--mode", "static")).isZero();
        assertThat(Files.readString(output)).contains("\"word\":\"hello\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--help", "-h", "help"})
    void theJarAnswersHelpWithEveryCommand(String help) {
        assertThat(run(help)).isZero();
        assertThat(out()).contains(Main.COMMANDS).contains(WordCountCommand.USAGE).contains(InspectCommand.USAGE);
        assertThat(err()).isEmpty();
    }

    @Test
    void helpNamingACommandPrintsThatCommandsUsage() {
        assertThat(run("help", "inspect")).isZero();
        assertThat(out()).isEqualToIgnoringNewLines(InspectCommand.USAGE);
    }

    @Test
    void anUnknownOptionIsStillAUsageErrorOnStderrWithExit2() {
        assertThat(run("wordcount", "--bogus", "1")).isEqualTo(2);
        assertThat(err()).startsWith("error: unknown option --bogus").contains(WordCountCommand.USAGE);
        assertThat(out()).isEmpty();
    }

    @Test
    void aMissingOrUnknownCommandIsAUsageError() {
        assertThat(run()).isEqualTo(2);
        assertThat(err()).contains("missing command").contains(Main.COMMANDS);
        assertThat(run("count")).isEqualTo(2);
        assertThat(err()).contains("unknown command count");
        assertThat(run("help", "count")).isEqualTo(2);
    }
}
