package dev.tideway.samples.golden;

import dev.tideway.Pipeline;
import dev.tideway.RunConfig;
import dev.tideway.persistence.Backend;
import dev.tideway.persistence.PersistenceConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes a golden state fixture: the inputs of a first run ({@code in/}), the state it leaves
 * ({@code state/}) and its outputs ({@code out/}), the inputs a continuation adds or changes
 * ({@code next/}, copied over {@code in/}), and what the continuation appends to each output
 * ({@code expected/<output>.csv}: the appended lines without their time column, sorted).
 * {@link GoldenStateTest} restores the fixture, continues it and compares.
 *
 * <p>Rerun it only to add a fixture for a new format version, into a new folder; never over an
 * existing version's folder, whose bytes are the compatibility promise. The command is in
 * {@code samples/src/test/resources/golden-state/README.md}.
 */
public final class GoldenStateWriter {
    /** The inputs of the first run, by path under {@code in/}. */
    static final Map<String, String> FIRST = Map.of(
            "orders/1.csv", "id,customer,sku,qty,cents,weight\no1,c1,apple,2,300,0.5\no2,c1,pear,1,120,0.25\no3,c2,apple,5,750,1.5\n"
                    + "o4,c9,fig,1,99,0.1\n",
            "customers/1.csv", "id,name,country\nc1,Ada,FR\nc2,Bo,DE\nc3,Cy,FR\n",
            "customer-updates/1.csv", "id,name,country\nc3,Cyd,IT\n",
            "name-fixes/1.csv", "id,name\nc1,Adele\n",
            "readings/1.csv", "id,sensor,t,value\nr1,s1,1,10\nr2,s1,4,12\nr3,s2,5,7\nr4,s1,12,9\nr5,s2,13,8\n",
            "limits/1.csv", "sensor,t,max\ns1,0,11\ns2,3,9\n");

    /** What the continuation adds or changes, by path under {@code in/}. */
    static final Map<String, String> NEXT = Map.of(
            "orders/2.csv", "id,customer,sku,qty,cents,weight\no5,c1,fig,3,330,0.75\no6,c3,apple,1,150,0.5\n",
            "customers/1.csv", "id,name,country\nc1,Ada,FR\nc2,Bo,PL\nc3,Cyrus,FR\nc4,Di,DE\n",
            "name-fixes/2.csv", "id,name\nc2,Boris\n",
            "readings/2.csv", "id,sensor,t,value\nr6,s1,14,15\nr7,s2,30,6\nr8,s1,31,20\nr9,s1,40,21\n",
            "limits/2.csv", "sensor,t,max\ns1,13,16\ns2,29,5\n");

    private GoldenStateWriter() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: GoldenStateWriter FIXTURE_FOLDER (a new one, such as samples/src/test/resources/golden-state/v2)");
            System.exit(2);
        }
        Path fixture = Path.of(args[0]).toAbsolutePath();
        if (Files.exists(fixture)) {
            System.err.println(fixture + " exists: a fixture is never rewritten; choose a new folder");
            System.exit(2);
        }
        writeFiles(fixture.resolve("in"), FIRST);
        run(fixture, 0);
        writeFiles(fixture.resolve("next"), NEXT);

        // the expected continuation: computed once, here, on a copy, as the test will compute it
        Path copy = Files.createTempDirectory("golden-continuation");
        try {
            copyTree(fixture, copy);
            for (String output : GoldenPipeline.OUTPUTS) {
                Files.createDirectories(fixture.resolve("expected"));
                Files.write(fixture.resolve("expected/" + output + ".csv"), List.of());
            }
            Map<String, List<String>> appended = continueFixture(copy);
            for (Map.Entry<String, List<String>> output : appended.entrySet()) {
                Files.write(fixture.resolve("expected/" + output.getKey() + ".csv"), output.getValue());
            }
        } finally {
            deleteTree(copy);
        }
        System.out.println("wrote the golden state fixture " + fixture);
    }

    /** Runs the golden pipeline on {@code base} (its {@code in/}, {@code state/} and {@code out/}). */
    static void run(Path base, long callBase) throws Exception {
        try (Pipeline pipeline = Pipeline.create()) {
            new GoldenPipeline(base, callBase).build();
            pipeline.run(RunConfig.defaults().withHandleSignals(false)
                    .withPersistence(PersistenceConfig.of(Backend.filesystem(base.resolve("state")))));
        }
    }

    /**
     * Continues a copy of a fixture: copies {@code next/} over {@code in/}, runs the pipeline, and
     * returns, per output, the lines appended after what the fixture's output held, without their
     * time column, sorted.
     */
    static Map<String, List<String>> continueFixture(Path copy) throws Exception {
        return continueFixture(copy, GoldenPipeline.OUTPUTS, () -> run(copy, 1000));
    }

    /** A run of a fixture's pipeline. */
    interface FixtureRun {
        void run() throws Exception;
    }

    /** As {@link #continueFixture(Path)}, for a fixture of other outputs and another pipeline. */
    static Map<String, List<String>> continueFixture(Path copy, List<String> outputs, FixtureRun continuation) throws Exception {
        Map<String, Long> lengths = committedLengths(copy.resolve("state"), outputs);
        copyTree(copy.resolve("next"), copy.resolve("in"));
        continuation.run();
        Map<String, List<String>> appended = new java.util.TreeMap<>();
        for (String output : outputs) {
            byte[] all = Files.readAllBytes(copy.resolve("out/" + output + ".csv"));
            String tail = new String(all, (int) Math.min(all.length, lengths.get(output)), (int) Math.max(0, all.length - lengths.get(output)),
                    java.nio.charset.StandardCharsets.UTF_8);
            List<String> lines = new ArrayList<>();
            for (String line : tail.split("\n")) {
                if (!line.isEmpty()) {
                    int diff = line.lastIndexOf(',');
                    int time = line.lastIndexOf(',', diff - 1);
                    lines.add(line.substring(0, time) + line.substring(diff));
                }
            }
            lines.sort(Comparator.naturalOrder());
            appended.put(output, lines);
        }
        return appended;
    }

    /**
     * The length of each output that the fixture's newest metadata generation committed: what a
     * continuation keeps (a crashed run may have written more, which recovery cuts off).
     */
    static Map<String, Long> committedLengths(Path state, List<String> outputs) throws IOException {
        Path newest;
        try (Stream<Path> generations = Files.list(state.resolve("metadata"))) {
            newest = generations.max(Comparator.naturalOrder()).orElseThrow();
        }
        dev.tideway.internal.storage.Checkpoint checkpoint = dev.tideway.internal.storage.CheckpointCodec.decode(
                Files.readAllBytes(newest), newest.getFileName().toString(), state.toString());
        Map<String, Long> lengths = new java.util.TreeMap<>();
        for (String output : outputs) {
            lengths.put(output, checkpoint.sinks().get("output:" + output));
        }
        return lengths;
    }

    static void writeFiles(Path dir, Map<String, String> files) throws IOException {
        for (Map.Entry<String, String> file : new java.util.TreeMap<>(files).entrySet()) {
            Path path = dir.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue());
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path path : walk.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(path, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                            java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
