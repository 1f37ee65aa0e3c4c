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
