package dev.tideway.samples.golden;

import dev.tideway.Pipeline;
import dev.tideway.RunConfig;
import dev.tideway.persistence.Backend;
import dev.tideway.persistence.PersistenceConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Writes the golden fixture {@code v1-expressions}: {@link ExpressionsPipeline}'s state, in the
 * layout of {@link GoldenStateWriter} ({@code in/}, {@code state/}, {@code out/}, {@code next/},
 * {@code expected/}), plus the transactional sink's file ({@code out/}{@value ExpressionsPipeline#TOPIC})
 * and what the continuation appends to it ({@code expected/}{@value ExpressionsPipeline#TOPIC}: its
 * lines, sorted). Never over an existing folder.
 *
 * <pre>
 * java -cp ... dev.tideway.samples.golden.ExpressionsStateWriter "$PWD/samples/src/test/resources/golden-state/v1-expressions"
 * </pre>
 */
public final class ExpressionsStateWriter {
    static final Map<String, String> FIRST = Map.of(
            "orders/1.csv", "id,customer,sku,qty,cents,weight\no1,c1,apple,2,300,0.5\no2,c1,pear,1,120,0.25\no3,c2,apple,5,750,1.5\n"
                    + "o4,c9,fig,1,99,0.1\no5,c1,cherry,4,300,0.75\n",
            "customers/1.csv", "id,name,country\nc1,Ada,FR\nc2,Bo,DE\nc3,Cy,FR\n",
            "readings/1.csv", "id,sensor,t,value\nr1,s1,1,10\nr2,s1,4,12\nr3,s2,5,7\nr4,s1,12,9\nr5,s2,13,8\n");

    static final Map<String, String> NEXT = Map.of(
            "orders/2.csv", "id,customer,sku,qty,cents,weight\no6,c1,fig,3,110,0.5\no7,c3,apple,1,150,0.5\no8,c2,kiwi,2,750,1.0\n",
            "customers/1.csv", "id,name,country\nc1,Ada,FR\nc2,Bo,PL\nc3,Cyrus,FR\nc4,Di,DE\n",
            "readings/2.csv", "id,sensor,t,value\nr6,s1,14,15\nr7,s2,3,6\nr8,s1,0,20\n");

    private ExpressionsStateWriter() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: ExpressionsStateWriter FIXTURE_FOLDER (a new one)");
            System.exit(2);
        }
        Path fixture = Path.of(args[0]).toAbsolutePath();
        if (Files.exists(fixture)) {
            System.err.println(fixture + " exists: a fixture is never rewritten; choose a new folder");
            System.exit(2);
        }
        GoldenStateWriter.writeFiles(fixture.resolve("in"), FIRST);
        run(fixture, 0);
        GoldenStateWriter.writeFiles(fixture.resolve("next"), NEXT);
        Path copy = Files.createTempDirectory("golden-continuation");
        try {
            GoldenStateWriter.copyTree(fixture, copy);
            Files.createDirectories(fixture.resolve("expected"));
            for (Map.Entry<String, List<String>> output : continueFixture(copy).entrySet()) {
                Files.write(fixture.resolve("expected/" + output.getKey()), output.getValue());
            }
        } finally {
            GoldenStateWriter.deleteTree(copy);
        }
        System.out.println("wrote the golden state fixture " + fixture);
    }

    /** Runs the pipeline on {@code base} (its {@code in/}, {@code state/} and {@code out/}). */
    static void run(Path base, long callBase) throws Exception {
        try (Pipeline pipeline = Pipeline.create()) {
            new ExpressionsPipeline(base, callBase).build();
            pipeline.run(RunConfig.defaults().withHandleSignals(false)
                    .withPersistence(PersistenceConfig.of(Backend.filesystem(base.resolve("state")))));
        }
    }

    /**
     * Continues a copy of the fixture as {@link GoldenStateWriter#continueFixture(Path)} does;
     * returns, by file name under {@code out/}, the lines appended: a CSV output's without their
     * time column, the topic's as they are; each sorted.
     */
    static Map<String, List<String>> continueFixture(Path copy) throws Exception {
        Path topic = copy.resolve("out/" + ExpressionsPipeline.TOPIC);
        long before = Files.size(topic);
        Map<String, List<String>> appended = new java.util.TreeMap<>();
        GoldenStateWriter.continueFixture(copy, ExpressionsPipeline.OUTPUTS, () -> run(copy, 1000))
                .forEach((output, lines) -> appended.put(output + ".csv", lines));
        byte[] all = Files.readAllBytes(topic);
        List<String> lines = new ArrayList<>(List.of(new String(all, (int) before, all.length - (int) before,
                java.nio.charset.StandardCharsets.UTF_8).split("\n")));
        lines.removeIf(String::isEmpty);
        lines.sort(Comparator.naturalOrder());
        appended.put(ExpressionsPipeline.TOPIC, lines);
        return appended;
    }
}
