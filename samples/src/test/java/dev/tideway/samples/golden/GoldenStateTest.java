package dev.tideway.samples.golden;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The compatibility promise: every golden state fixture (a state folder written by a format
 * version, with its inputs and outputs; see {@link GoldenStateWriter}) is restored by this build,
 * continued with new input, and must append exactly the changes its {@code expected/} folder holds,
 * after the fixture's outputs, which are continued, not rewritten. The fixture is copied to a
 * temporary folder first: the state does not depend on where it lies (outputs have persistent ids;
 * sources are known by their id and their files by their path under the folder read).
 */
class GoldenStateTest {
    @TempDir
    Path work;

    @ParameterizedTest
    @ValueSource(strings = {"v1", "v3"})
    void aFixtureOfEveryFormatVersionIsRestoredAndContinued(String version) throws Exception {
        URL resource = getClass().getResource("/golden-state/" + version + "/state");
        assertThat(resource).as("the fixture golden-state/" + version).isNotNull();
        Path fixture = Path.of(resource.toURI()).getParent();
        Path copy = work.resolve(version);
        GoldenStateWriter.copyTree(fixture, copy);
        Map<String, String> committed = committedOutputs(copy, GoldenPipeline.OUTPUTS);
        assertThat(committed.get("customer-stats")).as("the fixture committed its outputs whole").isEqualTo(
                Files.readString(copy.resolve("out/customer-stats.csv")));

        Map<String, List<String>> appended = GoldenStateWriter.continueFixture(copy);

        for (String output : GoldenPipeline.OUTPUTS) {
            assertContinued(copy, fixture, output, committed.get(output), appended.get(output));
        }
        assertHeaders(copy);
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1-log-tail", "v3-log-tail"})
    void aFixtureWithACommittedLogTailIsReplayedAndContinued(String version) throws Exception {
        URL resource = getClass().getResource("/golden-state/" + version + "/state");
        assertThat(resource).as("the fixture golden-state/" + version).isNotNull();
        Path fixture = Path.of(resource.toURI()).getParent();
        assertThat(Files.list(fixture.resolve("state/log/orders")).count()).as("a log tail to replay").isGreaterThan(0);
        assertThat(Files.exists(fixture.resolve("state/snapshots"))).as("and no snapshot").isFalse();
        Path copy = work.resolve(version);
        GoldenStateWriter.copyTree(fixture, copy);
        Map<String, String> committed = committedOutputs(copy, LogTailStateWriter.OUTPUTS);

        Map<String, List<String>> appended = LogTailStateWriter.continueFixture(copy);

        for (String output : LogTailStateWriter.OUTPUTS) {
            assertContinued(copy, fixture, output, committed.get(output), appended.get(output));
        }
        assertHeaders(copy);
    }

    /**
     * The fixture of the expression library's operators and a transactional sink: its outputs are
     * continued, and the transaction its state names as prepared, which the fixture's run committed,
     * is not written again.
     */
    @ParameterizedTest
    @ValueSource(strings = {"v1-expressions", "v3-expressions"})
    void aFixtureOfTheExpressionLibraryAndATransactionalSinkIsRestoredAndContinued(String version) throws Exception {
        URL resource = getClass().getResource("/golden-state/" + version + "/state");
        assertThat(resource).as("the fixture golden-state/" + version).isNotNull();
        Path fixture = Path.of(resource.toURI()).getParent();
        List<Path> prepared;
        try (Stream<Path> files = Files.walk(fixture.resolve("state/prepared"))) {
            prepared = files.filter(Files::isRegularFile).toList();
        }
        assertThat(prepared).as("the prepared transaction the fixture's metadata names").hasSize(1);
        assertThat(new String(Files.readAllBytes(prepared.get(0)), 0, 19, StandardCharsets.US_ASCII)).isEqualTo("tideway-prepared 1\n");
        Path copy = work.resolve(version);
        GoldenStateWriter.copyTree(fixture, copy);
        Map<String, String> committed = committedOutputs(copy, ExpressionsPipeline.OUTPUTS);
        String topic = Files.readString(copy.resolve("out/" + ExpressionsPipeline.TOPIC));

        Map<String, List<String>> appended = ExpressionsStateWriter.continueFixture(copy);

        for (String output : ExpressionsPipeline.OUTPUTS) {
            String now = Files.readString(copy.resolve("out/" + output + ".csv"));
            assertThat(now).as(output + ": continued after what the fixture committed, not rewritten").startsWith(committed.get(output));
            assertThat(appended.get(output + ".csv")).as(output + ": the changes the continuation appends")
                    .containsExactlyElementsOf(Files.readAllLines(fixture.resolve("expected/" + output + ".csv")));
        }
        assertThat(Files.readString(copy.resolve("out/" + ExpressionsPipeline.TOPIC))).as("the topic, its committed transaction not written again")
                .startsWith(topic);
        assertThat(appended.get(ExpressionsPipeline.TOPIC)).as("the transaction the continuation commits")
                .containsExactlyElementsOf(Files.readAllLines(fixture.resolve("expected/" + ExpressionsPipeline.TOPIC)));
        try (Stream<Path> files = Files.walk(copy.resolve("state/prepared"))) {
            assertThat(files.filter(Files::isRegularFile).map(file -> file.getFileName().toString()).toList())
                    .as("only the newest prepared transaction is kept").containsExactly("00000000000000000002");
        }
        assertHeaders(copy);
    }

    /**
     * The fixtures of a run that withheld failing rows (formats 2 and 3 of {@code tideway-snapshot}): the
     * non-deterministic and async selects restore the rows their functions failed on, so the
     * continuation drops those rows' retractions without calling again (a call would now answer and
     * retract a value never written, or find nothing to retract and stop the run).
     */
    @ParameterizedTest
    @ValueSource(strings = {"v2-error-log", "v3-error-log"})
    void aFixtureWithWithheldRowsIsRestoredAndContinued(String version) throws Exception {
        URL resource = getClass().getResource("/golden-state/" + version + "/state");
        assertThat(resource).as("the fixture golden-state/" + version).isNotNull();
        Path fixture = Path.of(resource.toURI()).getParent();
        List<Path> selects;
        try (Stream<Path> files = Files.walk(fixture.resolve("state/snapshots"))) {
            selects = files.filter(file -> file.getFileName().toString().matches("op-\\d+-select-(nondeterministic|async)")).toList();
        }
        assertThat(selects).as("the states of the two selects that withheld rows").hasSize(2);
        String header = "tideway-snapshot " + version.charAt(1) + "\n";   // v2-error-log: format 2, v3-error-log: 3
        for (Path state : selects) {
            assertThat(new String(Files.readAllBytes(state), 0, 19, StandardCharsets.US_ASCII)).isEqualTo(header);
        }
        Path copy = work.resolve(version);
        GoldenStateWriter.copyTree(fixture, copy);
        Map<String, String> committed = committedOutputs(copy, ErrorLogPipeline.OUTPUTS);
        assertThat(committed.get("errors")).as("the fixture's error log: the two rows withheld")
                .contains("the quote service refused fig").contains("the stock service refused pear");

        Map<String, List<String>> appended = ErrorLogStateWriter.continueFixture(copy);

        for (String output : ErrorLogPipeline.OUTPUTS) {
            assertContinued(copy, fixture, output, committed.get(output), appended.get(output));
        }
        assertHeaders(copy);
    }

    /** The part of each output of {@code copy} that its state committed. */
    private static Map<String, String> committedOutputs(Path copy, List<String> outputs) throws Exception {
        Map<String, String> committed = new java.util.TreeMap<>();
        for (Map.Entry<String, Long> output : GoldenStateWriter.committedLengths(copy.resolve("state"), outputs).entrySet()) {
            byte[] bytes = Files.readAllBytes(copy.resolve("out/" + output.getKey() + ".csv"));
            committed.put(output.getKey(), new String(bytes, 0, output.getValue().intValue(), StandardCharsets.UTF_8));
        }
        return committed;
    }

    private static void assertContinued(Path copy, Path fixture, String output, String committed, List<String> appended)
            throws Exception {
        String now = Files.readString(copy.resolve("out/" + output + ".csv"));
        assertThat(now).as(output + ": continued after what the fixture committed, not rewritten").startsWith(committed);
        assertThat(appended).as(output + ": the changes the continuation appends")
                .containsExactlyElementsOf(Files.readAllLines(fixture.resolve("expected/" + output + ".csv")));
    }

    private static void assertHeaders(Path copy) throws Exception {
        // the continuation committed in the current format: every data object carries its header
        try (Stream<Path> files = Files.walk(copy.resolve("state"))) {
            for (Path file : files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith(".")).toList()) {
                assertThat(new String(Files.readAllBytes(file), 0, 8, StandardCharsets.US_ASCII)).as(file.toString()).isEqualTo("tideway-");
            }
        }
    }
}
