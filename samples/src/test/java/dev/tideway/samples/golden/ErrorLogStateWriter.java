package dev.tideway.samples.golden;

import dev.tideway.Pipeline;
import dev.tideway.RunConfig;
import dev.tideway.persistence.Backend;
import dev.tideway.persistence.PersistenceConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes the golden fixture {@code v2-error-log}: {@link ErrorLogPipeline}'s state, run with
 * {@code withTerminateOnError(false)}, in the layout of {@link GoldenStateWriter} ({@code in/},
 * {@code state/}, {@code out/}, {@code next/}, {@code expected/}). Never over an existing folder.
 *
 * <pre>
 * java -cp ... dev.tideway.samples.golden.ErrorLogStateWriter "$PWD/samples/src/test/resources/golden-state/v2-error-log"
 * </pre>
 */
public final class ErrorLogStateWriter {
    /** o2 (pear) fails the stock call, o3 (fig) the quote service, while the fixture is written. */
    static final Map<String, String> FIRST = Map.of(
            "orders/1.csv", "id,customer,sku,qty,cents,weight\no1,c1,apple,2,300,0.5\no2,c1,pear,1,120,0.25\no3,c2,fig,5,750,1.5\n"
                    + "o4,c9,apple,1,99,0.1\n");

    /** o2 and o3 deleted (their withheld rows' retractions), a fig that now succeeds, and a row that fails again. */
    static final Map<String, String> NEXT = Map.of(
            "orders/1.csv", "id,customer,sku,qty,cents,weight\no1,c1,apple,2,300,0.5\no4,c9,apple,1,99,0.1\n",
            "orders/2.csv", "id,customer,sku,qty,cents,weight\no5,c3,fig,3,330,0.75\no6,c3,bad,1,10,0.1\n");

    private ErrorLogStateWriter() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: ErrorLogStateWriter FIXTURE_FOLDER (a new one)");
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
                Files.write(fixture.resolve("expected/" + output.getKey() + ".csv"), output.getValue());
            }
        } finally {
            GoldenStateWriter.deleteTree(copy);
        }
        System.out.println("wrote the golden state fixture " + fixture);
    }

    /** Runs the pipeline on {@code base} (its {@code in/}, {@code state/} and {@code out/}), withholding failing rows. */
    static void run(Path base, long callBase) throws Exception {
        try (Pipeline pipeline = Pipeline.create()) {
            new ErrorLogPipeline(base, callBase).build();
            pipeline.run(RunConfig.defaults().withHandleSignals(false).withProgress(false).withTerminateOnError(false)
                    .withPersistence(PersistenceConfig.of(Backend.filesystem(base.resolve("state")))));
        }
    }

    /** Continues a copy of the fixture as {@link GoldenStateWriter#continueFixture(Path)} does. */
    static Map<String, List<String>> continueFixture(Path copy) throws Exception {
        return GoldenStateWriter.continueFixture(copy, ErrorLogPipeline.OUTPUTS, () -> run(copy, 1000));
    }
}
