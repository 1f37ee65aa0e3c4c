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
    @ValueSource(strings = {"v1"})
    void aFixtureOfEveryFormatVersionIsRestoredAndContinued(String version) throws Exception {
        URL resource = getClass().getResource("/golden-state/" + version + "/state");
        assertThat(resource).as("the fixture golden-state/" + version).isNotNull();
        Path fixture = Path.of(resource.toURI()).getParent();
        Path copy = work.resolve(version);
        GoldenStateWriter.copyTree(fixture, copy);
        Map<String, byte[]> before = new java.util.TreeMap<>();
        for (String output : GoldenPipeline.OUTPUTS) {
            before.put(output, Files.readAllBytes(copy.resolve("out/" + output + ".csv")));
        }

        Map<String, List<String>> appended = GoldenStateWriter.continueFixture(copy);

        for (String output : GoldenPipeline.OUTPUTS) {
            byte[] now = Files.readAllBytes(copy.resolve("out/" + output + ".csv"));
            assertThat(new String(now, 0, Math.min(now.length, before.get(output).length), StandardCharsets.UTF_8))
                    .as(output + ": continued after what the fixture committed, not rewritten")
                    .isEqualTo(new String(before.get(output), StandardCharsets.UTF_8));
            assertThat(appended.get(output)).as(output + ": the changes the continuation appends")
                    .containsExactlyElementsOf(Files.readAllLines(fixture.resolve("expected/" + output + ".csv")));
        }
        assertHeaders(copy);
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1-log-tail"})
    void aFixtureWithACommittedLogTailIsReplayedAndContinued(String version) throws Exception {
        URL resource = getClass().getResource("/golden-state/" + version + "/state");
        assertThat(resource).as("the fixture golden-state/" + version).isNotNull();
        Path fixture = Path.of(resource.toURI()).getParent();
        assertThat(Files.list(fixture.resolve("state/log/orders")).count()).as("a log tail to replay").isGreaterThan(0);
        assertThat(Files.exists(fixture.resolve("state/snapshots"))).as("and no snapshot").isFalse();
        Path copy = work.resolve(version);
        GoldenStateWriter.copyTree(fixture, copy);
        byte[] before = Files.readAllBytes(copy.resolve("out/orders-per-customer.csv"));

        Map<String, List<String>> appended = LogTailStateWriter.continueFixture(copy);

        byte[] now = Files.readAllBytes(copy.resolve("out/orders-per-customer.csv"));
        assertThat(new String(now, 0, Math.min(now.length, before.length), StandardCharsets.UTF_8))
                .as("continued after what the fixture committed, not rewritten").isEqualTo(new String(before, StandardCharsets.UTF_8));
        assertThat(appended.get("orders-per-customer")).containsExactlyElementsOf(
                Files.readAllLines(fixture.resolve("expected/orders-per-customer.csv")));
        assertHeaders(copy);
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
